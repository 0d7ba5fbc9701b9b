package dev.switchboard.hub;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Reply;
import dev.switchboard.core.ReplySink;
import dev.switchboard.platform.PlatformException;
import io.vertx.core.Future;

/** Posts an agent's webhook answer into the hub conversation it answers ({@code respondTo}). */
public final class ConversationReplies implements ReplySink {
    private final AnswerPoster answers;

    public ConversationReplies(AnswerPoster answers) {
        this.answers = answers;
    }

    @Override
    public Future<Void> send(Connection connection, Reply reply) {
        return answers.post(reply.respondTo(), reply.text()).<Void>mapEmpty()
                .recover(e -> Future.failedFuture(e instanceof HubError ? PlatformException.rejected(e.getMessage())
                        : PlatformException.classify(e)));
    }
}

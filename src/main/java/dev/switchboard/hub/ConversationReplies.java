package dev.switchboard.hub;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Reply;
import dev.switchboard.core.ReplySink;
import dev.switchboard.platform.PlatformException;
import io.vertx.core.Future;

/** Posts an agent's webhook answer into the hub conversation it answers ({@code respondTo}). */
public final class ConversationReplies implements ReplySink {
    private final ChatHub hub;

    public ConversationReplies(ChatHub hub) {
        this.hub = hub;
    }

    @Override
    public Future<Void> send(Connection connection, Reply reply) {
        return hub.answer(reply.respondTo(), reply.text()).<Void>mapEmpty()
                .recover(e -> Future.failedFuture(e instanceof HubError ? PlatformException.rejected(e.getMessage())
                        : PlatformException.classify(e)));
    }
}

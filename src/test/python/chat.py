"""The AIWM chat protocol on /chat, played by the official python-socketio client with its default
options against a running gateway (PythonClientTest).

Usage: python3 chat.py <base url> <default|websocket> <agent token> <user token>
Prints one JSON object per line for the Java test; exits 0 after {"event": "done"}.
"""
import json
import os
import queue
import sys
import threading

import socketio

url, mode, agent_token, user_token = sys.argv[1:5]
transports = ["websocket"] if mode == "websocket" else None
NS = "/chat"


def emit(line):
    print(json.dumps(line), flush=True)


def watchdog():
    emit({"event": "timeout"})
    os._exit(2)


timer = threading.Timer(25, watchdog)
timer.daemon = True
timer.start()


class Client:
    """A client whose received events wait in one queue per event name."""

    def __init__(self):
        self.sio = socketio.Client(reconnection=False)
        self.queues = {}
        for name in ("presence:update", "message:new", "message:sent", "user:typing", "connect_error"):
            self.queues[name] = queue.Queue()
            self.sio.on(name, self._collector(name), namespace=NS)

    def _collector(self, name):
        return lambda data=None: self.queues[name].put(data)

    def next(self, name):
        return self.queues[name].get(timeout=5)

    def connect(self, wait_timeout=5, **kwargs):
        self.sio.connect(url, namespaces=[NS], transports=transports, wait_timeout=wait_timeout, **kwargs)

    def call(self, event, data):
        return self.sio.call(event, data, namespace=NS, timeout=5)


refused = Client()
try:
    # python-socketio 5.7 waits out wait_timeout even after a connect_error: keep that wait short
    refused.connect(auth={"token": "garbage"}, wait_timeout=1)
    emit({"event": "refused", "connected": True})
except socketio.exceptions.ConnectionError:
    emit({"event": "refused", "error": refused.next("connect_error")})

agent = Client()
agent.connect(headers={"Authorization": "Bearer " + agent_token})
presence = agent.next("presence:update")
emit({"event": "agent-presence", "presence": presence, "transport": agent.sio.transport()})

user = Client()
user.connect(auth={"token": user_token})
joined = user.call("conversation:join", {"agentId": presence["agentId"]})
user.sio.emit("message:typing", {"conversationId": presence["conversationId"], "isTyping": True}, namespace=NS)
typing = agent.next("user:typing")
sent = user.call("message:send", {"role": "user", "content": "hello from python"})
emit({"event": "user-sent", "joined": joined, "typing": typing, "ack": sent, "agentGot": agent.next("message:new"),
      "sentEvent": user.next("message:sent")})

answered = agent.call("message:send", {"role": "assistant", "content": "hello python"})
while True:
    seen = user.next("message:new")
    if seen["role"] == "assistant":
        break
online = user.call("conversation:online", {"conversationId": presence["conversationId"]})
emit({"event": "agent-sent", "ack": answered, "userGot": seen, "online": online, "transport": user.sio.transport()})

user.sio.disconnect()
agent.sio.disconnect()
emit({"event": "done"})
# the clients' background threads (the refused one's too) would hold the interpreter for seconds
os._exit(0)

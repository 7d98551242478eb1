from .areas import Area, AreaLevel
from .oplog import OperationLog
from .outbox import OutboxMessage
from .staff import Post, User

__all__ = ["Area", "AreaLevel", "OperationLog", "OutboxMessage", "Post", "User"]

from .areas import Area, AreaLevel
from .oplog import OperationLog
from .staff import Post, User

__all__ = ["Area", "AreaLevel", "OperationLog", "Post", "User"]

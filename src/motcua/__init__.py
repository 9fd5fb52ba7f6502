"""motcua — hệ thống thông tin giải quyết thủ tục hành chính và quản lý cải cách hành chính."""

__version__ = "0.1.0"

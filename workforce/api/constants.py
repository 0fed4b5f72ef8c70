"""API permissions, token scopes, limits and the problem types the API answers with."""

from enum import StrEnum

#: Every API URL starts with this.
API_PREFIX = "/api/v1"
#: A token's secret begins with this, so that leaked tokens are easy to recognise (and to scan for).
TOKEN_PREFIX = "wpq_"
#: Pagination: a page has 50 records unless `per_page` asks for fewer or more, up to the maximum.
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
#: Requests per token (the app setting API_RATE_LIMIT overrides it); Flask-Limiter keeps the counts in Redis
#: when REDIS_URL is set, so every gunicorn worker shares them.
DEFAULT_RATE_LIMIT = "120 per minute;5000 per hour"
#: The largest identifier the API accepts: database integer columns are 32-bit on PostgreSQL.
MAX_ID = 2**31 - 1
#: The longest a token may live; an integration renews its token at least once a year.
MAX_TOKEN_DAYS = 366
TOKEN_LIFETIMES = (30, 90, 180, 365)
#: The JSON rows one bulk request may carry; larger files go up as a spreadsheet upload.
MAX_BULK_ROWS = 10_000


class ApiPermission(StrEnum):
    #: Create and revoke one's own API tokens.
    USE_API = "api.use"
    #: Create tokens for any user, and see and revoke every token.
    MANAGE_TOKENS = "api.manage-tokens"
    #: Read measures (values by period and scope, with their definitions) through the API.
    READ_MEASURES = "api.read-measures"


class Access(StrEnum):
    READ = "read"
    WRITE = "write"


def scope_name(area: str, access: Access) -> str:
    """A token scope: the area (a resource's module, such as "staff") and the access, "staff:read"."""
    return f"{area}:{access}"


#: RFC 9457 problem types: URIs under the API documentation, one per kind of failure.
PROBLEM_TYPE_BASE = "/api-documentation#problem-"

-- wrk script: every wrk thread owns one session and rotates its refresh token on each request, so
-- -t N -c N measures N concurrent refresh chains. A refresh token is single use: two connections
-- sharing one chain would trip reuse detection and revoke it, hence exactly one connection per thread.
-- usage: wrk -t16 -c16 -d20s -s refresh.lua URL -- TOKENS_FILE   (one refresh token per line, >= N lines)
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  local i = 0
  for line in io.lines(args[1]) do
    i = i + 1
    if i == id then token = line end
  end
  assert(token, "tokens file has fewer lines than threads")
  failures = 0
end

function request()
  return wrk.format("POST", "/api/v1/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  else
    failures = failures + 1
  end
end

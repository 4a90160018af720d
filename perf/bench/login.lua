-- wrk script: password logins, round robin over the seeded accounts of perf/scenarios.json.
-- usage: wrk -t2 -c8 -d20s -s login.lua URL -- USERS EMAIL_PATTERN PASSWORD
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  users = tonumber(args[1])
  pattern = args[2]
  password = args[3]
  n = id * 7919
end

function request()
  n = n + 1
  local email = string.format(pattern, n % users)
  return wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" },
    '{"email":"' .. email .. '","password":"' .. password .. '"}')
end

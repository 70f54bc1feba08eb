-- wrk script: send the benchmark's session cookie, and count answers that are not 200
-- (a redirect to the sign-in page is a 302, which wrk would otherwise count as success).
local cookie = os.getenv("BENCH_COOKIE")
if cookie == nil or cookie == "" then
  error("set BENCH_COOKIE to name=value")
end
wrk.headers["Cookie"] = cookie

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("not_ok")
  end
  io.write(string.format("BENCH_NOT_200 %d\n", total))
end

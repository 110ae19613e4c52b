-- wrk script for bench/server.sh. With DIAGC_BENCH_BODY set, POSTs that file
-- to the request path; with DIAGC_BENCH_UNIQUE=1 every request's text differs
-- (a comment line), so each one misses the server's cache. done() prints one
-- summary line: requests/s, p50/p99 latency, errors.
local body_file = os.getenv("DIAGC_BENCH_BODY")
local unique = os.getenv("DIAGC_BENCH_UNIQUE") == "1"
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

local head, tail, counter = nil, nil, 0

function init(args)
  if body_file then
    local f = assert(io.open(body_file, "rb"))
    local text = f:read("*a")
    f:close()
    local first_newline = text:find("\n", 1, true)
    head, tail = text:sub(1, first_newline), text:sub(first_newline + 1)
  end
end

function request()
  if not body_file then return wrk.format(nil) end
  local body = head .. tail
  if unique then
    counter = counter + 1
    body = head .. "' bench " .. thread_id .. "-" .. counter .. "\n" .. tail
  end
  return wrk.format("POST", nil, {["Content-Type"] = "text/plain"}, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests/s %.0f  p50 %.2f ms  p99 %.2f ms  requests %d  socket errors %d  non-2xx/3xx %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end

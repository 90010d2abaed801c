-- bench/gateway/post.lua: wrk script for bench/gateway.sh. POSTs the same message (or batch of
-- messages) on every request over keep-alive connections and counts every answer that is not 202.
-- The API key is read from the file named by GP_KEY_FILE, so it never appears in argv.
-- Environment: GP_KEY_FILE, GP_BATCH (0 = POST /v1/messages one message; n = POST
-- /v1/messages/batch with n messages), GP_TEXT_BYTES (size of each message's text, default 4096),
-- GP_SEND_AT (sendAt of every message; far in the future keeps delivery idle).
local threads = {}

local function message_json()
  local text = string.rep("x", tonumber(os.getenv("GP_TEXT_BYTES") or "4096"))
  return '{"connection":"demo","to":["pat@company.com"],"subject":"bench","text":"' .. text ..
         '","sendAt":"' .. (os.getenv("GP_SEND_AT") or "2199-01-01T00:00:00Z") .. '"}'
end

local function read_key()
  local f = assert(io.open(os.getenv("GP_KEY_FILE"), "r"))
  local key = f:read("*l")
  f:close()
  return key
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non202 = 0
  first_other = ""
  local batch = tonumber(os.getenv("GP_BATCH") or "0")
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. read_key()
  wrk.headers["Content-Type"] = "application/json"
  if batch > 0 then
    wrk.path = "/v1/messages/batch"
    local one = message_json()
    local items = {}
    for i = 1, batch do items[i] = one end
    wrk.body = '{"messages":[' .. table.concat(items, ",") .. ']}'
  else
    wrk.path = "/v1/messages"
    wrk.body = message_json()
  end
end

function request()
  return wrk.format()
end

function response(status, headers, body)
  if status ~= 202 then
    non202 = non202 + 1
    if first_other == "" then first_other = tostring(status) .. " " .. string.sub(body, 1, 200) end
  end
end

function done(summary, latency, requests)
  local n, other = 0, ""
  for _, t in ipairs(threads) do
    n = n + t:get("non202")
    if other == "" then other = t:get("first_other") end
  end
  io.write(string.format("GP requests %d non202 %d seconds %.3f\n", summary.requests, n,
                         summary.duration / 1e6))
  if n > 0 then io.write("GP first non-202: " .. other .. "\n") end
end

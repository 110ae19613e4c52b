#include "server/protocol.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace dg::server {
namespace {

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void PutString(std::string* out, const std::string& s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

/// Reads fields from a frame; any overrun makes ok() false.
class Reader {
 public:
  explicit Reader(const std::string& data) : data_(data) {}
  uint32_t U32() {
    if (pos_ + 4 > data_.size()) return Fail();
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
    pos_ += 4;
    return v;
  }
  std::string String() {
    uint32_t n = U32();
    if (!ok_ || n > data_.size() - pos_) return Fail(), std::string();
    std::string s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool ok() const { return ok_ && pos_ == data_.size(); }

 private:
  uint32_t Fail() {
    ok_ = false;
    return 0;
  }
  const std::string& data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

int RemainingMs(std::optional<std::chrono::steady_clock::time_point> deadline) {
  if (!deadline) return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      *deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

/// Fills `size` bytes; the deadline bounds the whole frame, not each read.
ReadStatus ReadExactly(int fd, char* buf, size_t size,
                       std::optional<std::chrono::steady_clock::time_point> deadline) {
  size_t got = 0;
  while (got < size) {
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, RemainingMs(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return ReadStatus::kError;
    if (ready == 0) return ReadStatus::kTimeout;
    ssize_t n = ::read(fd, buf + got, size - got);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return ReadStatus::kError;
    if (n == 0) return ReadStatus::kEof;
    got += static_cast<size_t>(n);
  }
  return ReadStatus::kOk;
}

}  // namespace

std::string EncodeJob(const Job& job) {
  std::string out;
  PutU32(&out, static_cast<uint32_t>(job.format));
  PutU32(&out, static_cast<uint32_t>(job.type));
  PutU32(&out, (job.json_diagnostics ? 1u : 0u) | (job.error_image ? 2u : 0u));
  PutU32(&out, job.page);
  PutString(&out, job.theme);
  PutString(&out, job.source);
  return out;
}

std::optional<Job> DecodeJob(const std::string& frame) {
  Reader r(frame);
  Job job;
  uint32_t format = r.U32(), type = r.U32(), flags = r.U32();
  job.page = r.U32();
  job.theme = r.String();
  job.source = r.String();
  if (!r.ok() || format > 2 || type > 1) return std::nullopt;
  job.format = static_cast<cli::Format>(format);
  job.type = static_cast<DiagramType>(type);
  job.json_diagnostics = flags & 1u;
  job.error_image = flags & 2u;
  return job;
}

std::string EncodeResult(const JobResult& result) {
  std::string out;
  PutU32(&out, static_cast<uint32_t>(result.status));
  PutString(&out, result.content_type);
  PutString(&out, result.body);
  PutString(&out, result.error_summary);
  PutU32(&out, result.error_line);
  PutU32(&out, result.retiring ? 1u : 0u);
  return out;
}

std::optional<JobResult> DecodeResult(const std::string& frame) {
  Reader r(frame);
  JobResult result;
  result.status = static_cast<int>(r.U32());
  result.content_type = r.String();
  result.body = r.String();
  result.error_summary = r.String();
  result.error_line = r.U32();
  result.retiring = r.U32() & 1u;
  if (!r.ok()) return std::nullopt;
  return result;
}

bool WriteFrame(int fd, const std::string& payload) {
  std::string data;
  data.reserve(payload.size() + 4);
  PutU32(&data, static_cast<uint32_t>(payload.size()));
  data += payload;
  size_t sent = 0;
  while (sent < data.size()) {
    // MSG_NOSIGNAL: a dead peer is an error to report, not a SIGPIPE.
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

ReadStatus ReadFrame(int fd, std::string* payload,
                     std::optional<std::chrono::steady_clock::time_point> deadline) {
  unsigned char header[4];
  ReadStatus status = ReadExactly(fd, reinterpret_cast<char*>(header), 4, deadline);
  if (status != ReadStatus::kOk) return status;
  uint32_t size = header[0] | header[1] << 8 | header[2] << 16 | static_cast<uint32_t>(header[3]) << 24;
  if (size > kMaxFrameBytes) return ReadStatus::kError;
  payload->resize(size);
  return ReadExactly(fd, payload->data(), size, deadline);
}

}  // namespace dg::server

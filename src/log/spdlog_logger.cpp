// The spdlog-backed Logger; see spdlog_logger.hpp. FormatRecord builds the whole line, so spdlog's
// pattern is "%v": its own clock and level names never reach the output.
#include "log/spdlog_logger.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace graphpost::log {
namespace {

spdlog::level::level_enum SpdLevel(Level level) {
  switch (level) {
    case Level::kDebug:
      return spdlog::level::debug;
    case Level::kInfo:
      return spdlog::level::info;
    case Level::kWarn:
      return spdlog::level::warn;
    case Level::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

class SpdLogger final : public Logger {
 public:
  SpdLogger(spdlog::sink_ptr sink, Clock& clock, LogOptions options)
      : logger_("graphpost", std::move(sink)), clock_(clock), options_(options) {
    logger_.set_pattern("%v");
    logger_.set_level(SpdLevel(options.min_level));
    logger_.flush_on(spdlog::level::warn);
  }

  bool Enabled(Level level) const override { return level >= options_.min_level; }

  void Write(Level level, std::string_view message, std::span<const Field> fields) override {
    if (!Enabled(level)) return;
    const std::string line =
        FormatRecord(options_.format, clock_.WallNow(), level, message, fields);
    logger_.log(SpdLevel(level), spdlog::string_view_t(line.data(), line.size()));
  }

 private:
  spdlog::logger logger_;  // not registered globally: no spdlog::get, no default logger
  Clock& clock_;
  const LogOptions options_;
};

}  // namespace

std::unique_ptr<Logger> NewStderrLogger(Clock& clock, LogOptions options) {
  return std::make_unique<SpdLogger>(std::make_shared<spdlog::sinks::stderr_sink_mt>(), clock,
                                     options);
}

std::unique_ptr<Logger> NewStreamLogger(std::ostream& out, Clock& clock, LogOptions options) {
  // flush: each record reaches `out` whole, before Write returns.
  return std::make_unique<SpdLogger>(
      std::make_shared<spdlog::sinks::ostream_sink_mt>(out, /*force_flush=*/true), clock, options);
}

}  // namespace graphpost::log

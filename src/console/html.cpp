// HTML building blocks for the console's pages.
#include "console/html.hpp"

#include <cstdio>

#include "core/form.hpp"
#include "core/html_escape.hpp"
#include "core/time_format.hpp"

namespace graphpost::console {

std::string Escape(std::string_view text) { return EscapeHtml(text); }

std::string BidiText(std::string_view text) { return "<bdi>" + Escape(text) + "</bdi>"; }

std::string UrlPart(std::string_view text) { return PercentEncode(text); }

std::string Link(std::string_view href, std::string_view text) {
  return "<a href=\"" + Escape(href) + "\">" + Escape(text) + "</a>";
}

std::string CsrfField(std::string_view csrf) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Escape(csrf) + "\">";
}

std::string PostButton(std::string_view action, std::string_view label, std::string_view csrf,
                       std::string_view css_class) {
  std::string out = "<form method=\"post\" class=\"inline\" action=\"" + Escape(action) + "\">";
  out += CsrfField(csrf);
  out += "<button type=\"submit\"";
  if (!css_class.empty()) out += " class=\"" + Escape(css_class) + "\"";
  out += ">" + Escape(label) + "</button></form>";
  return out;
}

std::string TimeTag(std::chrono::system_clock::time_point t) {
  std::string iso = FormatIso8601(t);  // 2026-12-02T15:04:05Z
  std::string shown = iso;
  if (shown.size() >= 20 && shown[10] == 'T') {
    shown = shown.substr(0, 10) + " " + shown.substr(11, 8) + " UTC";
  }
  return "<time datetime=\"" + Escape(iso) + "\">" + Escape(shown) + "</time>";
}

std::string Relative(std::chrono::system_clock::duration from_now) {
  using namespace std::chrono;
  const bool past = from_now < system_clock::duration::zero();
  const auto d = past ? -from_now : from_now;
  std::string amount;
  if (d < minutes{1}) return "now";
  if (d < hours{1}) {
    amount = std::to_string(duration_cast<minutes>(d).count()) + " min";
  } else if (d < hours{48}) {
    amount = std::to_string(duration_cast<hours>(d).count()) + " h";
  } else {
    amount = std::to_string(duration_cast<hours>(d).count() / 24) + " days";
  }
  return past ? amount + " ago" : "in " + amount;
}

std::string Count(std::int64_t n) {
  const bool negative = n < 0;
  const std::uint64_t magnitude =
      negative ? std::uint64_t{0} - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string CountOf(std::int64_t n, std::string_view singular, std::string_view plural) {
  return Count(n) + " " + std::string(n == 1 ? singular : plural);
}

std::string Sentence(std::string_view text) {
  std::string out(text);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  if (out.empty()) return out;
  if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  if (out.back() != '.' && out.back() != '!' && out.back() != '?') out += '.';
  return out;
}

}  // namespace graphpost::console

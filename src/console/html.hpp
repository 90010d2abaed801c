// console/html.hpp — the small pieces every console page builds HTML from: escaping, links,
// one-button POST forms with the CSRF field, times and countdowns for people. Everything that
// comes from data (addresses, subjects, causes, names) goes through Escape. Pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace graphpost::console {

// Escapes & < > " ' for text and double-quoted attribute values.
std::string Escape(std::string_view text);

// Data text that may carry right-to-left characters or overrides (subjects, names, filenames,
// addresses): <bdi>Escape(text)</bdi>, so it cannot reorder the text around it.
std::string BidiText(std::string_view text);

// A path segment or query value, percent-encoded (core/form.hpp PercentEncode).
std::string UrlPart(std::string_view text);

// <a href="href">text</a>: `href` must already be a built URL (its parts through UrlPart); both
// are escaped.
std::string Link(std::string_view href, std::string_view text);

// <input type="hidden" name="csrf" value="...">
std::string CsrfField(std::string_view csrf);

// A form that POSTs to `action` with one submit button labelled `label` (and the CSRF field);
// `css_class` goes on the button ("danger" for destructive actions).
std::string PostButton(std::string_view action, std::string_view label, std::string_view csrf,
                       std::string_view css_class = "");

// "2026-12-02 15:04:05 UTC" in a <time datetime="ISO 8601"> element.
std::string TimeTag(std::chrono::system_clock::time_point t);

// A duration for people: "in 3 days", "in 5 h", "in 12 min", "now", "2 days ago".
std::string Relative(std::chrono::system_clock::duration from_now);

// A number with thousands separators: 1234567 → "1,234,567".
std::string Count(std::int64_t n);

// Count(n) and the noun, singular for 1: CountOf(1, "lane", "lanes") → "1 lane".
std::string CountOf(std::int64_t n, std::string_view singular, std::string_view plural);

// A message from elsewhere (the sandbox's errors: "mailbox 'x' not found") in the console's
// sentence style: first letter upper case, ending with a full stop. Plain text (callers escape).
std::string Sentence(std::string_view text);

}  // namespace graphpost::console

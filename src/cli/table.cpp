#include "cli/table.hpp"

#include <algorithm>

#include <boost/json.hpp>

namespace graphpost::cli {
namespace {

std::string Cell(const boost::json::value* v) {
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_bool()) return v->get_bool() ? "True" : "False";
  if (const boost::json::object* o = v->if_object()) {
    // Graph recipients ({"emailAddress":{"name","address"}}) print as their address.
    if (const auto* e = o->if_contains("emailAddress"); e && e->is_object()) {
      if (const auto* a = e->get_object().if_contains("address")) return Cell(a);
    }
  }
  if (v->is_array()) {
    std::string out;
    for (const auto& item : v->get_array()) {
      if (!out.empty()) out += ", ";
      out += Cell(&item);
    }
    return "{" + out + "}";
  }
  return boost::json::serialize(*v);
}

}  // namespace

std::string RenderTable(const std::vector<std::string>& columns, const boost::json::array& rows) {
  if (rows.empty()) return "";
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> width;
  for (const auto& c : columns) width.push_back(c.size());
  for (const auto& row : rows) {
    std::vector<std::string> line;
    const boost::json::object* obj = row.if_object();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      line.push_back(Cell(obj ? obj->if_contains(columns[i]) : nullptr));
      width[i] = std::max(width[i], line.back().size());
    }
    cells.push_back(std::move(line));
  }
  auto format = [&](const std::vector<std::string>& line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
      out += line[i];
      if (i + 1 < line.size()) out += std::string(width[i] - line[i].size() + 1, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::vector<std::string> dashes;
  for (std::size_t i = 0; i < columns.size(); ++i)
    dashes.push_back(std::string(columns[i].size(), '-'));
  std::string out = format(columns) + format(dashes);
  for (const auto& line : cells) out += format(line);
  return out;
}

std::string RenderList(const boost::json::object& object) {
  std::size_t width = 0;
  for (const auto& [key, value] : object) width = std::max(width, key.size());
  std::string out;
  for (const auto& [key, value] : object) {
    out += std::string(key) + std::string(width - key.size(), ' ') + " : " + Cell(&value) + "\n";
  }
  return out;
}

}  // namespace graphpost::cli

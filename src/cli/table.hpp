// cli/table.hpp — text tables for people (the default output of every admin verb), in the
// PowerShell Format-Table look the cmdlets' users know. Pure functions.
#pragma once

#include <string>
#include <vector>

#include <boost/json/array.hpp>

namespace graphpost::cli {

// Renders `rows` (JSON objects) with the given columns; values that are arrays are joined with
// ", ", booleans print as True/False. An empty list prints nothing.
std::string RenderTable(const std::vector<std::string>& columns, const boost::json::array& rows);

// Renders one object as "Name : value" lines (PowerShell Format-List).
std::string RenderList(const boost::json::object& object);

}  // namespace graphpost::cli

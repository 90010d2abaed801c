// testing/temp_dir.hpp — an RAII temporary directory, removed with its contents on destruction.
// Not thread-safe; owned by one test.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace graphpost::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "graphpost-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace graphpost::testing

// mime/mime_test_data.hpp — test-only: the real clients' messages in src/mime/testdata (made by
// testdata/generate.py) and the SHA-256s of the attachments they carry.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "crypto/digest.hpp"

namespace graphpost::mime::testdata {

inline std::string Read(std::string_view name) {
  std::ifstream in(std::string(GRAPHPOST_SOURCE_DIR) + "/src/mime/testdata/" + std::string(name),
                   std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline std::string Sha256Hex(std::string_view bytes) {
  return crypto::HexLower(crypto::Sha256(bytes));
}

// generate.py's attachment payloads.
inline constexpr std::string_view kDataBinSha256 =
    "9f05a984f07edd4274aa0b9ef900cc42a5f46d3be4a4113b80f155131383fa7f";  // 3,000 bytes
inline constexpr std::string_view kReportPdfSha256 =
    "da89ee072c2b63523e6b004d42fa71ce93f20d27c3e1ca0de80975572fd99965";  // 40,000 bytes
inline constexpr std::string_view kLogoPngSha256 =
    "61a8c4f0b7bab8a7f56471b7ee55f38841ed30011481ef5f6e9eedfd46e75d6e";  // 2,500 bytes
inline constexpr std::string_view kXlsxSha256 =
    "3d4811601e89798138a183f001435c564ec2858534e1671d09a1a793775bc709";  // 12,000 bytes

// A message as Postfix passes it on as a relay: its Received header on top, folded with a tab,
// after the client's own headers; no Message-ID (Postfix adds one only when configured to).
inline constexpr std::string_view kPostfixRelayed =
    "Received: from printer.company.com (printer.company.com [10.1.2.3])\r\n"
    "\tby relay.company.com (Postfix) with ESMTPSA id 4F1C2200A1\r\n"
    "\tfor <pat@company.com>; Wed,  2 Dec 2026 11:00:00 +0000 (UTC)\r\n"
    "From: Scanner <scanner@company.com>\r\n"
    "To: pat@company.com\r\n"
    "Subject: Scanned\r\n"
    " document from\r\n"
    "\t =?ISO-8859-1?Q?B=FCro?= 3\r\n"
    "Date: Wed, 2 Dec 2026 11:00:00 +0000\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Scan attached=3F No, inline: caf=C3=A9.\r\n";

}  // namespace graphpost::mime::testdata

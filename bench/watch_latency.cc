// Latency of `bahth index --watch`: drops files of one article each into a watched folder, one
// at a time, and times from each file's close to its article being searchable (its id term in a
// freshly reopened reader). Before the next file it waits for the watch's batch line (the end
// passes done), so each file is timed alone. Also the watch's CPU per file, from /proc.
//
//   watch_latency --db DB --dir DIR --log WATCH_STDERR --pid WATCH_PID --articles FILE.jsonl
//
// FILE.jsonl holds one JSON line per file to drop, each with an id the index does not hold.
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::string arg(int argc, char** argv, const std::string& name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  std::cerr << "watch_latency: missing " << name << '\n';
  std::exit(2);
}

std::size_t count_batches(const std::string& log) {
  std::ifstream in(log);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += line.starts_with("bahth: watch:") ? 1 : 0;
  return n;
}

// utime + stime of a process, in seconds.
double cpu_seconds(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::string id_of(const std::string& line) {
  const std::string key = "\"id\": \"";
  const auto at = line.find(key);
  return line.substr(at + key.size(), line.find('"', at + key.size()) - at - key.size());
}

}  // namespace

int main(int argc, char** argv) {
  const std::string db = arg(argc, argv, "--db"), dir = arg(argc, argv, "--dir");
  const std::string log = arg(argc, argv, "--log"), pid = arg(argc, argv, "--pid");
  std::ifstream articles(arg(argc, argv, "--articles"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(articles, line);) lines.push_back(line);
  std::vector<double> latencies_ms;
  const double cpu_before = cpu_seconds(pid);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string term = "Q" + id_of(lines[i]);
    const std::size_t batches = count_batches(log);
    {
      std::ofstream out(dir + "/drop" + std::to_string(i) + ".jsonl");
      out << lines[i] << '\n';
    }  // closed here: IN_CLOSE_WRITE
    const auto start = Clock::now();
    Xapian::Database reader(db);
    while (true) {
      reader.reopen();
      if (reader.term_exists(term)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    while (count_batches(log) == batches) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double cpu = cpu_seconds(pid) - cpu_before;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto at = [&](double q) {
    return latencies_ms[std::min(
        latencies_ms.size() - 1,
        static_cast<std::size_t>(q * static_cast<double>(latencies_ms.size())))];
  };
  std::printf(
      "%zu files: close to searchable p50 %.0f ms, p90 %.0f ms, max %.0f ms; "
      "watch CPU %.0f ms per file\n",
      latencies_ms.size(), at(0.5), at(0.9), latencies_ms.back(),
      1000 * cpu / static_cast<double>(lines.size()));
}

// The search page in a real browser: headless Chromium (Debian's `chromium`) loads it, the test
// reads the DOM the browser built, and keeps a screenshot in the build tree to look at.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "serve/server_process.h"
#include "temp_dir.h"

extern char** environ;

namespace bahth::testing {
namespace serve_browser_test {
namespace {

std::string chromium_binary() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(candidate)) return candidate;
  }
  return "";
}

// Runs headless Chromium on `url` with `mode` (--dump-dom, or --screenshot=PATH); returns what it
// wrote on standard output.
std::string run_chromium(const std::string& chromium, const TempDir& dir, const std::string& url,
                         const std::string& mode) {
  const std::string out = dir / "chromium.out";
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const std::string command =
      "timeout 90 " + shell_quote(chromium) +
      " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
      " --hide-scrollbars --window-size=1200,1000 --user-data-dir=" +
      shell_quote(dir / "profile") + " " + mode + " " + shell_quote(url) + " >" + shell_quote(out) +
      " 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return read_file(out);
}

TEST(ServeBrowser, ChromiumRendersTheSearchPageRightToLeft) {
  const std::string chromium = chromium_binary();
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed: the browser test is skipped";
  const TempDir dir;
  const std::string db = dir / "db";
  ASSERT_EQ(run_bahth({"index", "--quiet", "--db", db, kBundledSample}).exit_code, 0);
  ServerProcess server({"--db", db});
  const std::string url = server.base_url() + "/search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7";
  const std::string dom = run_chromium(chromium, dir, url, "--dump-dom");
  EXPECT_NE(dom.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos) << dom.substr(0, 500);
  EXPECT_NE(dom.find("<li class=\"hit\">"), std::string::npos);
  EXPECT_NE(dom.find("<mark>سوريا</mark>"), std::string::npos);
  EXPECT_NE(dom.find("class=\"histogram\""), std::string::npos);
  const std::filesystem::path screenshot =
      std::filesystem::path(BAHTH_BINARY).parent_path() / "serve-search-page.png";
  std::filesystem::remove(screenshot);
  run_chromium(chromium, dir, url, "--screenshot=" + shell_quote(screenshot.string()));
  EXPECT_TRUE(std::filesystem::exists(screenshot));
  EXPECT_GT(std::filesystem::file_size(screenshot), 10'000U);
}

// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: it
// reads NUL-terminated JSON messages on fd 3 and writes its own on fd 4). The pages allow no
// script, but the protocol's Runtime.evaluate runs outside the page's Content-Security-Policy,
// so the test can measure the layout the browser computed. Every wait is bounded.
class DevTools {
 public:
  DevTools(const std::string& chromium, const std::string& profile) {
    int to_browser[2];
    int from_browser[2];
    if (::pipe(to_browser) != 0 || ::pipe(from_browser) != 0) throw std::runtime_error("pipe");
    std::vector<std::string> args{chromium,
                                  "--headless",
                                  "--no-sandbox",  // CI runs as root
                                  "--disable-gpu",
                                  "--disable-dev-shm-usage",
                                  "--no-first-run",
                                  "--hide-scrollbars",
                                  "--user-data-dir=" + profile,
                                  "--remote-debugging-pipe",
                                  "about:blank"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_browser[0], 3);
    posix_spawn_file_actions_adddup2(&actions, from_browser[1], 4);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_browser[0]);
    ::close(from_browser[1]);
    to_ = to_browser[1];
    from_ = from_browser[0];
    if (spawned != 0) throw std::runtime_error("cannot start " + chromium);
  }
  ~DevTools() {
    // Asks Chromium to quit (without waiting for the answer: it may exit first).
    const std::string quit = nlohmann::json{{"id", ++last_id_}, {"method", "Browser.close"}}.dump();
    if (::write(to_, quit.c_str(), quit.size() + 1) < 0) ::kill(pid_, SIGTERM);
    ::close(to_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      ::usleep(20'000);
    }
    if (from_ >= 0) ::close(from_);
  }
  DevTools(const DevTools&) = delete;
  DevTools& operator=(const DevTools&) = delete;

  // Sends a command (to the page of `session`, or to the browser) and returns its result;
  // throws on an error answer or when none comes within 30 s.
  nlohmann::json call(const std::string& method, const nlohmann::json& params,
                      const std::string& session = "") {
    nlohmann::json message{{"id", ++last_id_}, {"method", method}, {"params", params}};
    if (!session.empty()) message["sessionId"] = session;
    const std::string text = message.dump() + '\0';
    if (::write(to_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
      throw std::runtime_error("cannot write to chromium");
    }
    const nlohmann::json answer =
        next([this](const nlohmann::json& m) { return m.contains("id") && m["id"] == last_id_; });
    if (answer.contains("error")) throw std::runtime_error(method + ": " + answer.dump());
    return answer["result"];
  }

  // Waits for the event `method` (e.g. Page.loadEventFired) of `session`.
  void wait_for(const std::string& method, const std::string& session) {
    next([&](const nlohmann::json& m) {
      return m.value("method", "") == method && m.value("sessionId", "") == session;
    });
  }

 private:
  template <typename Match>
  nlohmann::json next(const Match& match) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::size_t end = buffer_.find('\0');
      if (end != std::string::npos) {
        const nlohmann::json message = nlohmann::json::parse(buffer_.substr(0, end));
        buffer_.erase(0, end + 1);
        if (match(message)) return message;
        continue;
      }
      pollfd fd{from_, POLLIN, 0};
      if (::poll(&fd, 1, 200) <= 0) continue;
      char chunk[65536];
      const ssize_t n = ::read(from_, chunk, sizeof chunk);
      if (n <= 0) throw std::runtime_error("chromium closed its pipe");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    throw std::runtime_error("no answer from chromium within 30 s");
  }

  pid_t pid_ = -1;
  int to_ = -1;
  int from_ = -1;
  int last_id_ = 0;
  std::string buffer_;
};

std::string base64_decode(const std::string& text) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (const char c : text) {
    const std::size_t value = alphabet.find(c);
    if (value == std::string::npos) continue;  // '=' padding
    bits = (bits << 6) | static_cast<unsigned>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

struct Layout {
  int scroll_width = 0;
  int inner_width = 0;
  double button_left = 0;
  double button_right = 0;
  std::string text;  // what the page shows, as the browser laid it out
  // The recency toggle (absent: left and right -1) and the next page's address.
  bool recency_checked = false;
  double recency_left = -1;
  double recency_right = -1;
  std::string next_href;
};

// Loads `url` in a viewport `width` px wide (a phone's below 800 px), measures the layout and
// keeps a screenshot at `screenshot`.
Layout measure(DevTools& browser, const std::string& url, int width,
               const std::filesystem::path& screenshot) {
  const std::string target =
      browser.call("Target.createTarget", {{"url", "about:blank"}})["targetId"];
  const std::string session =
      browser.call("Target.attachToTarget", {{"targetId", target}, {"flatten", true}})["sessionId"];
  browser.call(
      "Emulation.setDeviceMetricsOverride",
      {{"width", width}, {"height", 800}, {"deviceScaleFactor", 1}, {"mobile", width < 800}},
      session);
  browser.call("Page.enable", nlohmann::json::object(), session);
  browser.call("Page.navigate", {{"url", url}}, session);
  browser.wait_for("Page.loadEventFired", session);
  const nlohmann::json value =
      browser.call("Runtime.evaluate",
                   {{"expression",
                     "(() => { const e = document.querySelector('button');"
                     " const b = e ? e.getBoundingClientRect() : {left: -1, right: -1};"
                     " const c = document.getElementById('recency');"
                     " const cb = c ? c.closest('.field').getBoundingClientRect()"
                     " : {left: -1, right: -1};"
                     " const n = document.querySelector('a[rel=next]');"
                     " return {sw: document.documentElement.scrollWidth, iw: window.innerWidth,"
                     " l: b.left, r: b.right, t: document.body.innerText,"
                     " rc: c ? c.checked : false, rl: cb.left, rr: cb.right,"
                     " next: n ? n.href : ''}; })()"},
                    {"returnByValue", true}},
                   session)["result"]["value"];
  const nlohmann::json shot = browser.call("Page.captureScreenshot", {{"format", "png"}}, session);
  std::ofstream(screenshot, std::ios::binary) << base64_decode(shot["data"].get<std::string>());
  browser.call("Target.closeTarget", {{"targetId", target}});
  return {
      value["sw"].get<int>(),    value["iw"].get<int>(),        value["l"].get<double>(),
      value["r"].get<double>(),  value["t"].get<std::string>(), value["rc"].get<bool>(),
      value["rl"].get<double>(), value["rr"].get<double>(),     value["next"].get<std::string>()};
}

// The pages fit a phone and a desktop: no sideways scrolling, the search button on screen, and
// the Arabic names and the outlet filter where a reader sees them.
TEST(ServeBrowser, PagesFitFrom375To1280PixelsWithoutSidewaysScroll) {
  const std::string chromium = chromium_binary();
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed: the browser test is skipped";
  const TempDir dir;
  const std::string db = dir / "db";
  ASSERT_EQ(run_bahth({"index", "--quiet", "--db", db, kBundledSample}).exit_code, 0);
  ServerProcess server({"--db", db});
  const std::string syria = "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7";
  const std::vector<std::pair<std::string, std::string>> pages{
      {"home", "/"},
      {"results", "/search?q=" + syria + "&section=middleEast&limit=5"},
      {"article", "/article/ant/BB-middleEast-829-20180803?q=" + syria},
      {"error", "/search?q=" + syria + "&since=2018-13"},
      {"recent", "/search?q=" + syria + "&recency=30d&limit=5"},
      // A word longer than the column (a pasted URL or hash does it) is broken, not let widen
      // the results: the phone's column took the word's width, 1,358 px of 375.
      {"long-word", "/search?q=" + syria + "+" + [] {
         std::string word;
         for (int i = 0; i < 60; ++i) word += "%D9%83";
         return word;
       }()}};
  const std::filesystem::path artifacts = std::filesystem::path(BAHTH_BINARY).parent_path();
  {  // (Chromium quits at the end of this scope.)
    DevTools browser(chromium, dir / "profile");
    for (const int width : {375, 1280}) {
      for (const auto& [name, path] : pages) {
        const std::filesystem::path screenshot =
            artifacts / ("serve-" + name + "-" + std::to_string(width) + ".png");
        const Layout layout = measure(browser, server.base_url() + path, width, screenshot);
        EXPECT_EQ(layout.inner_width, width) << name;
        EXPECT_LE(layout.scroll_width, layout.inner_width) << name << " at " << width << " px";
        EXPECT_GE(layout.button_left, 0) << name << " at " << width << " px";
        EXPECT_LE(layout.button_right, layout.inner_width) << name << " at " << width << " px";
        EXPECT_GT(std::filesystem::file_size(screenshot), 5'000U) << screenshot;
        if (name == "results") {  // Arabic names of the section and of the relevance sort
          EXPECT_NE(layout.text.find("الشرق الأوسط"), std::string::npos);
          EXPECT_NE(layout.text.find("الأكثر صلة"), std::string::npos);
          EXPECT_EQ(layout.text.find("middleEast"), std::string::npos);
        }
        if (name == "error") {
          EXPECT_NE(layout.text.find("لم نفهم التاريخ"), std::string::npos);
        }
        if (name == "recent") {  // the toggle on screen and on, and page 2 keeping it
          EXPECT_NE(layout.text.find("الأحدث بين الأكثر صلة"), std::string::npos);
          EXPECT_TRUE(layout.recency_checked) << width;
          EXPECT_GE(layout.recency_left, 0) << width;
          EXPECT_LE(layout.recency_right, layout.inner_width) << width;
          ASSERT_NE(layout.next_href.find("recency=30d"), std::string::npos) << layout.next_href;
          const Layout page_two =
              measure(browser, layout.next_href, width,
                      artifacts / ("serve-recent-page2-" + std::to_string(width) + ".png"));
          EXPECT_LE(page_two.scroll_width, page_two.inner_width) << width;
          EXPECT_TRUE(page_two.recency_checked) << width;
          EXPECT_NE(page_two.next_href.find("recency=30d"), std::string::npos)
              << page_two.next_href;
        }
      }
    }
  }
}

}  // namespace
}  // namespace serve_browser_test
}  // namespace bahth::testing

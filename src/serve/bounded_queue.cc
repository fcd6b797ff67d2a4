#include "bounded_queue.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <utility>

namespace bahth::serve {

namespace {

using Clock = std::chrono::steady_clock;

// How fast a client's past use of the workers is forgotten: a client that flooded the server a
// minute ago is served like any other now.
constexpr double kUsageHalfLifeSeconds = 10.0;
// Clients remembered while idle (their use decaying) before the idle ones are forgotten: the
// table stays bounded however many addresses a flood comes from.
constexpr std::size_t kMaxRememberedClients = 4096;
// The longest Retry-After given: a client that waits longer than this can ask again.
constexpr int kMaxRetryAfter = 60;

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

BoundedQueue::BoundedQueue(std::size_t threads, std::size_t limit, std::size_t client_limit,
                           std::size_t client_threads)
    : threads_count_(std::max<std::size_t>(threads, 1)),
      limit_(limit),
      client_limit_(std::max<std::size_t>(client_limit, 1)),
      client_threads_(std::max<std::size_t>(client_threads, 1)) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

BoundedQueue::~BoundedQueue() { shutdown(); }

double BoundedQueue::usage_now(Client& client, Clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - client.decayed_at).count();
  if (elapsed > 0) {
    client.used *= std::exp2(-elapsed / kUsageHalfLifeSeconds);
    client.decayed_at = now;
  }
  // What its running requests are using now counts too, as a request of its usual size.
  return client.used + static_cast<double>(client.running) * client.mean_job;
}

int BoundedQueue::retry_after_for(const Client& client) const {
  // Its waiting requests, shared among the workers, at its usual cost each.
  const double seconds = static_cast<double>(client.jobs.size()) * client.mean_job /
                         static_cast<double>(threads_count_);
  return std::clamp(static_cast<int>(std::ceil(seconds)), 1, kMaxRetryAfter);
}

void BoundedQueue::forget_idle_clients() {
  if (clients_.size() <= kMaxRememberedClients) return;
  std::erase_if(clients_, [](const auto& entry) {
    return entry.second.jobs.empty() && entry.second.running == 0;
  });
}

Admission BoundedQueue::try_submit(const std::string& client_name, QueuedJob job,
                                   int& retry_after) {
  QueuedJob pushed_out;
  int pushed_out_retry = 1;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return Admission::full;
    forget_idle_clients();
    auto [found, added] = clients_.try_emplace(client_name);
    Client& client = found->second;
    if (added) client.decayed_at = Clock::now();
    if (client.jobs.size() >= client_limit_) {
      retry_after = retry_after_for(client);
      return Admission::client_full;
    }
    if (queued_ >= limit_) {
      // Full: the client with the most requests waiting gives up its newest, if it has more
      // than this one would have; else this request is refused.
      Client* heaviest = nullptr;
      for (auto& [name, other] : clients_) {
        if (heaviest == nullptr || other.jobs.size() > heaviest->jobs.size()) heaviest = &other;
      }
      if (heaviest == nullptr || heaviest->jobs.size() <= client.jobs.size() + 1) {
        return Admission::full;
      }
      pushed_out = std::move(heaviest->jobs.back());
      heaviest->jobs.pop_back();
      --queued_;
      pushed_out_retry = retry_after_for(*heaviest);
    }
    client.jobs.push_back(std::move(job));
    ++queued_;
    waiting_.store(queued_, std::memory_order_relaxed);
  }
  has_job_.notify_one();
  if (pushed_out.refuse) pushed_out.refuse(pushed_out_retry);
  return Admission::queued;
}

std::size_t BoundedQueue::clients_known() const {
  const std::lock_guard lock(mutex_);
  return clients_.size();
}

void BoundedQueue::shutdown() {
  std::unordered_map<std::string, Client> dropped;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    dropped.swap(clients_);  // their requests' sessions end outside the lock
    queued_ = 0;
    waiting_.store(0, std::memory_order_relaxed);
  }
  has_job_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

BoundedQueue::Client* BoundedQueue::next_client(Clock::time_point now, std::string& name) {
  if (queued_ == 0) return nullptr;
  Client* next = nullptr;
  double least = 0;
  for (auto& [client_name, client] : clients_) {
    if (client.jobs.empty() || client.running >= client_threads_) continue;
    const double usage = usage_now(client, now);
    if (next == nullptr || usage < least) {
      next = &client;
      least = usage;
      name = client_name;
    }
  }
  return next;
}

void BoundedQueue::work() {
  for (;;) {
    QueuedJob job;
    std::string name;
    {
      std::unique_lock lock(mutex_);
      Client* next = nullptr;
      has_job_.wait(lock, [&] {
        next = stopping_ ? nullptr : next_client(Clock::now(), name);
        return next != nullptr || stopping_;
      });
      if (stopping_) return;
      job = std::move(next->jobs.front());
      next->jobs.pop_front();
      ++next->running;
      --queued_;
      waiting_.store(queued_, std::memory_order_relaxed);
    }
    const double cpu_before = thread_cpu_seconds();
    job.run();
    const double cpu = thread_cpu_seconds() - cpu_before;
    {
      const std::lock_guard lock(mutex_);
      const auto found = clients_.find(name);
      if (found == clients_.end()) continue;  // shut down meanwhile
      Client& client = found->second;
      usage_now(client, Clock::now());
      client.used += cpu;
      client.mean_job = 0.8 * client.mean_job + 0.2 * cpu;
      --client.running;
    }
    // A thread of this client's share is free: a worker waiting may take its next job.
    has_job_.notify_all();
  }
}

}  // namespace bahth::serve

// The server's workers: a fixed number of threads running searches from a bounded queue, so the
// event loop that reads and writes connections never waits on Xapian. The queue is fair between
// clients: each request names its client (an address, or a key), a worker takes the next request
// of the client that has lately used the least worker CPU, one client may have only so many
// requests waiting, and when the queue is full a lighter client's request pushes out the newest
// of the client with the most waiting. One client's flood then delays that client, not others.
#ifndef BAHTH_SERVE_BOUNDED_QUEUE_H_
#define BAHTH_SERVE_BOUNDED_QUEUE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bahth/non_copyable.h"

namespace bahth::serve {

/// What try_submit() did with a job.
enum class Admission {
  queued,
  client_full,  // the client already has its share waiting: answer 429 (Retry-After)
  full,         // the queue is full of lighter clients' requests, or shut down: answer 503
};

/// A job and what to do if it is pushed out of the queue before it runs: `refuse` gets the
/// seconds after which the client may try again (it answers 429), on the thread that submitted
/// the job that took its place.
struct QueuedJob {
  std::function<void()> run;
  std::function<void(int retry_after_seconds)> refuse;
};

/// A thread pool whose queue holds at most `limit` jobs, at most `client_limit` of them from one
/// client: try_submit() refuses beyond that, and the caller answers at once instead of letting
/// work (and memory) pile up. One client's jobs run on at most `client_threads` threads at once,
/// so with fewer than all of them a flood always leaves a thread for the next client.
class BoundedQueue : NonCopyable {
 public:
  BoundedQueue(std::size_t threads, std::size_t limit, std::size_t client_limit,
               std::size_t client_threads);
  ~BoundedQueue();

  /// Queues `job` for `client`. `retry_after` is set, for client_full, to the seconds the
  /// client's waiting requests should take.
  Admission try_submit(const std::string& client, QueuedJob job, int& retry_after);
  /// Drops the jobs not started (their requests go unanswered: the server has stopped) and joins
  /// the threads once the running ones end. Idempotent.
  void shutdown();
  std::size_t waiting() const { return waiting_.load(std::memory_order_relaxed); }
  /// Clients with requests waiting or running, or whose use of the workers is still remembered.
  std::size_t clients_known() const;

 private:
  struct Client {
    std::deque<QueuedJob> jobs;
    std::size_t running = 0;
    double used = 0;          // worker CPU seconds, halved every kUsageHalfLife
    double mean_job = 0.001;  // seconds of worker CPU a job of this client takes, lately
    std::chrono::steady_clock::time_point decayed_at;
  };

  void work();
  // The client whose job runs next: of those with jobs waiting and a thread to spare, the one
  // that has lately used the workers least; null when none may run now.
  Client* next_client(std::chrono::steady_clock::time_point now, std::string& name);
  double usage_now(Client& client, std::chrono::steady_clock::time_point now) const;
  int retry_after_for(const Client& client) const;
  void forget_idle_clients();

  std::size_t threads_count_;
  std::size_t limit_;
  std::size_t client_limit_;
  std::size_t client_threads_;
  mutable std::mutex mutex_;
  std::condition_variable has_job_;
  std::unordered_map<std::string, Client> clients_;
  std::size_t queued_ = 0;  // jobs waiting, all clients together
  std::atomic<std::size_t> waiting_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_BOUNDED_QUEUE_H_

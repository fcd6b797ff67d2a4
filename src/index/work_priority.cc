#include "bahth/work_priority.h"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

namespace bahth {
namespace {

// The calling thread's id: on Linux, PRIO_PROCESS with a thread id sets that thread's nice only.
id_t this_thread_id() { return static_cast<id_t>(::gettid()); }

}  // namespace

bool lower_this_thread(WorkPriority priority) noexcept {
  const ThreadScheduling now = this_thread_scheduling();
  const int policy = priority == WorkPriority::write ? SCHED_BATCH : SCHED_IDLE;
  // Lower only: a thread already at SCHED_IDLE (started by a background thread) stays there.
  const bool policy_lower =
      now.policy == SCHED_OTHER || (now.policy == SCHED_BATCH && policy == SCHED_IDLE);
  bool done = true;
  if (policy_lower) {
    const sched_param param{};  // the static priority of SCHED_OTHER, BATCH and IDLE is 0
    done = ::sched_setscheduler(0, policy, &param) == 0;
  }
  // SCHED_IDLE ignores nice; 19 still shows in `top` what the thread is.
  const int nice = priority == WorkPriority::write ? kWriteNice : 19;
  if (nice > now.nice) done = ::setpriority(PRIO_PROCESS, this_thread_id(), nice) == 0 && done;
  return done;
}

ThreadScheduling this_thread_scheduling() noexcept {
  ThreadScheduling scheduling;
  scheduling.policy = ::sched_getscheduler(0);
  errno = 0;
  const int nice = ::getpriority(PRIO_PROCESS, this_thread_id());
  scheduling.nice = errno == 0 ? nice : 0;
  return scheduling;
}

}  // namespace bahth

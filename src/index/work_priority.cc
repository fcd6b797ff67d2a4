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
  bool done = true;
  switch (priority) {
    case WorkPriority::write: {
      // Lower only: a thread already at SCHED_BATCH or SCHED_IDLE stays as it is.
      if (now.policy == SCHED_OTHER) {
        const sched_param param{};  // the static priority of SCHED_OTHER and BATCH is 0
        done = ::sched_setscheduler(0, SCHED_BATCH, &param) == 0;
      }
      if (kWriteNice > now.nice) {
        done = ::setpriority(PRIO_PROCESS, this_thread_id(), kWriteNice) == 0 && done;
      }
      break;
    }
  }
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

// bahth/work_priority.h: the write side of a live index yields the CPU to searches.
//
// `bahth serve` answers searches on its worker threads while its writer commits articles beside
// them. On Linux each thread has a scheduling policy
// and a nice value of its own (and threads inherit them from the thread that starts them), so the
// write side lowers only its own threads: searches keep the process's priority.
#ifndef BAHTH_WORK_PRIORITY_H_
#define BAHTH_WORK_PRIORITY_H_

namespace bahth {

enum class WorkPriority {
  // A writer whose answers someone waits for (`bahth serve`'s writer and its analysis threads):
  // SCHED_BATCH (never preempts a search when it wakes) at nice kWriteNice, so that it still
  // gets a share of a busy CPU and its writes are answered, just a smaller one.
  // (A `background` level, SCHED_IDLE, served the variants' relearn in a thread of its own;
  // each run keeps them exact since, and nothing else is work nobody waits for.)
  write,
};

// The writer's nice value (0 is the default priority, 19 the lowest): its weight is 1/3 of a
// search thread's (335 against 1024), so a search busy on both cores gets 86% of a core the
// writer shares, and the writer the rest.
inline constexpr int kWriteNice = 5;

/// Lowers the calling thread's CPU priority to `priority` (never raises it); the threads it
/// starts afterwards inherit it. Returns false when the system refused: the thread then runs as
/// before (a lower priority is what keeps searches fast, not what keeps writes correct).
bool lower_this_thread(WorkPriority priority) noexcept;

/// The calling thread's scheduling policy (SCHED_OTHER, SCHED_BATCH, SCHED_IDLE, ...) and nice
/// value, as the kernel reports them.
struct ThreadScheduling {
  int policy = 0;
  int nice = 0;
};
ThreadScheduling this_thread_scheduling() noexcept;

}  // namespace bahth

#endif  // BAHTH_WORK_PRIORITY_H_

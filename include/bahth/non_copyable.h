// bahth/non_copyable.h: the base of every class whose objects hold something that has one owner.
//
// A Searcher's databases, a reader's file descriptor, a server's threads: a copy would share or
// close them twice. Deriving from NonCopyable (privately: `class Searcher : NonCopyable`) says so
// in the class's first line, and deletes the copies, and with them the moves, without the two
// `= delete` lines in every such class. A class that may be moved declares its move constructor
// itself (StoredTextEncoder).
#ifndef BAHTH_NON_COPYABLE_H_
#define BAHTH_NON_COPYABLE_H_

namespace bahth {

class NonCopyable {
 public:
  NonCopyable(const NonCopyable&) = delete;
  NonCopyable& operator=(const NonCopyable&) = delete;

 protected:
  // Only as a base, and never deleted through a pointer to it (so no virtual destructor).
  NonCopyable() = default;
  ~NonCopyable() = default;
};

}  // namespace bahth

#endif  // BAHTH_NON_COPYABLE_H_

// Placeholder: the light stemmer's rules are being written (see light_stemmer_test.cc).
#include <memory>
#include <string>

#include "bahth/analyzer.h"

namespace bahth {
namespace {
class LightStemmer final : public WordStemmer {
 public:
  void stem(std::string& word) const override {
    if (word.size() > 6 && word.starts_with("\xD8\xA7\xD9\x84")) word.erase(0, 4);  // ال
  }
  std::string name() const override { return "light0"; }
};
}  // namespace

std::shared_ptr<const WordStemmer> make_light_stemmer() {
  return std::make_shared<const LightStemmer>();
}
}  // namespace bahth

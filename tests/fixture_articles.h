// A handful of small articles that index and search tests share.
#ifndef BAHTH_TESTS_FIXTURE_ARTICLES_H_
#define BAHTH_TESTS_FIXTURE_ARTICLES_H_

#include <vector>

#include "bahth/article.h"

namespace bahth::testing {

inline std::vector<Article> fixture_articles() {
  std::vector<Article> a(6);
  a[0] = {"cyber",
          "https://example.org/cyber",
          "الصين للولايات المتحدة: نعارض الهجمات الإلكترونية",
          "2014-12-21T10:00:00Z",
          "internationalNews",
          "قال وزير خارجية الصين إن بلاده ضد جميع أشكال الهجمات الإلكترونية.\n"
          "وناقش وزيرا خارجية البلدين الهجوم الإلكتروني الذي تعرضت له شركة سوني بيكتشرز عام ٢٠١٤.",
          {"ألغت شركة سوني عرض الفيلم في دور السينما"}};
  a[1] = {"school",
          "",
          "افتتاح مدرسة جديدة في القاهرة",
          "2018-03-05",
          "middleEast",
          "افتتحت وزارة التربية المدرسة الجديدة بحضور المسؤولين. وقال المدير إن المدرسة تستقبل "
          "ألف طالب.",
          {}};
  a[2] = {"hospital",
          "",
          "مستشفى الأطفال يستقبل المرضى",
          "2018-06-10T08:30:00Z",
          "middleEast",
          "أعلن مستشفى الأطفال في بيروت أنه استقبل مئات المرضى خلال الأسبوع الماضي.",
          {}};
  a[3] = {"islam",
          "",
          "مؤتمر حول الإسلام والسياسة",
          "2018-09-01",
          "culture",
          "ناقش المؤتمر دور الإسلام في الحياة السياسية، وشارك فيه باحثون من عدة دول.",
          {}};
  a[4] = {"sport",
          "",
          "المنتخب يفوز بالمباراة",
          "2017-01-15",
          "sport",
          "فاز المنتخب الوطني بالمباراة النهائية بنتيجة 3.4 نقطة في المتوسط.",
          {}};
  a[5] = {"undated", "", "Sony Pictures cancels The Interview",
          "",        "", "Sony Pictures cancelled the release after the cyber attack. شركة سوني",
          {}};
  return a;
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_FIXTURE_ARTICLES_H_

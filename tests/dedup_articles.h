// Small hand-written stories for the near-duplicate tests: one flood report in three versions
// (a re-post under a new headline, an update that changes the toll and adds a paragraph), a
// different report on the same flood, and an unrelated story.
#ifndef BAHTH_TESTS_DEDUP_ARTICLES_H_
#define BAHTH_TESTS_DEDUP_ARTICLES_H_

#include <string>
#include <vector>

#include "bahth/article.h"

namespace bahth::testing {

inline const std::string kFloodBody =
    "قالت السلطات المحلية في مدينة الوادي الأخضر إن أمطارا غزيرة هطلت طوال ليلة الثلاثاء تسببت "
    "في فيضانات واسعة غمرت الأحياء المنخفضة وقطعت الطرق الرئيسية المؤدية إلى المدينة.\n"
    "وأضافت أن فرق الدفاع المدني أجلت أكثر من ثلاثمئة عائلة من منازلها، وأن سبعة أشخاص لقوا "
    "حتفهم بينهم طفلان، فيما لا يزال أربعة آخرون في عداد المفقودين.\n"
    "وأعلنت وزارة التربية تعليق الدراسة في مدارس المنطقة حتى نهاية الأسبوع، وطلبت الأرصاد الجوية "
    "من السكان الابتعاد عن مجاري السيول لأن الأمطار ستستمر يومين آخرين على الأقل.";

inline std::vector<Article> dedup_articles() {
  std::vector<Article> a(5);
  a[0] = {"flood",
          "",
          "فيضانات تغمر مدينة الوادي الأخضر ومقتل سبعة أشخاص",
          "2018-03-06T08:00:00Z",
          "middleEast",
          kFloodBody,
          {}};
  // The same report re-posted by another site under its own headline.
  a[1] = {
      "flood-repost", "", "سبعة قتلى في سيول الوادي الأخضر", "2018-03-06T09:30:00Z", "middleEast",
      kFloodBody,     {}};
  // An update: a new toll, a reworded sentence, a paragraph added.
  std::string updated = kFloodBody;
  updated.replace(updated.find("سبعة أشخاص"), std::string("سبعة أشخاص").size(), "تسعة أشخاص");
  updated.replace(updated.find("أربعة آخرون"), std::string("أربعة آخرون").size(), "اثنان آخران");
  updated +=
      "\nوقال محافظ المدينة في مؤتمر صحفي مساء الأربعاء إن الحكومة خصصت مبالغ عاجلة لإيواء "
      "المتضررين وإصلاح الجسور التي جرفتها المياه.";
  a[2] = {"flood-update",
          "",
          "ارتفاع حصيلة فيضانات الوادي الأخضر إلى تسعة قتلى",
          "2018-03-07T07:00:00Z",
          "middleEast",
          updated,
          {}};
  // Another story on the same flood: the same names and subject, a different report.
  a[3] = {"flood-aid",
          "",
          "قوافل إغاثة تصل إلى الوادي الأخضر بعد الفيضانات",
          "2018-03-08T10:00:00Z",
          "middleEast",
          "وصلت صباح الخميس أولى قوافل الإغاثة إلى مدينة الوادي الأخضر محملة بالخيام والأغطية "
          "والمواد الغذائية، بعد أيام من الفيضانات التي ضربت المنطقة.\n"
          "وقال مسؤول في الهلال الأحمر إن المتطوعين يعملون على توزيع المساعدات على العائلات التي "
          "فقدت منازلها، وإن الحاجة الأكبر الآن هي مياه الشرب النظيفة والأدوية.\n"
          "ويخشى الأطباء انتشار الأمراض في المخيمات المؤقتة مع بقاء المياه الراكدة في الشوارع، "
          "ودعت منظمات محلية المتبرعين إلى إرسال الأغطية قبل موجة البرد المتوقعة.",
          {}};
  a[4] = {
      "football",
      "",
      "المنتخب يفوز في مباراة ودية استعدادا لكأس العالم",
      "2018-03-06T20:00:00Z",
      "sport",
      "فاز المنتخب الوطني لكرة القدم على ضيفه بهدفين نظيفين في مباراة ودية أقيمت مساء الثلاثاء "
      "ضمن استعداداته للمشاركة في نهائيات كأس العالم في روسيا.\n"
      "وسجل المهاجم الشاب الهدف الأول في الشوط الأول بعد تمريرة من قائد الفريق، ثم أضاف لاعب "
      "الوسط الهدف الثاني من ركلة جزاء قبل نهاية المباراة بعشر دقائق.\n"
      "وقال المدرب بعد اللقاء إنه راض عن أداء اللاعبين، وإن الفريق سيخوض مباراتين وديتين أخريين "
      "قبل السفر إلى روسيا في بداية يونيو.",
      {}};
  return a;
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_DEDUP_ARTICLES_H_

// bahth's light Arabic stemmer ("light1"; with the lexicon, light4+lex3).
//
// Input is one word already normalized by bahth::normalize(): no harakat or tatweel, أ إ آ ٱ → ا,
// ى → ي, ة → ه. So the stemmer sees ه both for teh marbuta and for the pronoun "his", and ا for
// every hamza-alef; every rule below is written in that normalized spelling.
//
// The stemmer strips at most one clitic-prefix group and then suffixes, never a root letter it can
// avoid: each rule has a length guard so that at least three letters survive. Words that are not
// purely Arabic letters (Latin, numbers, mixed) and words of fewer than three or more than 40
// letters pass through unchanged, so the result is never empty.
//
// Why each rule is there (its effect on the stem-gold scores when it was tried, and the rules
// tried and rejected): bench/HISTORY.md, "Light stemmer: the experiments behind its rules".
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "bahth/analyzer.h"
#include "bahth/utf8.h"
#include "lexicon.h"
#include "lexicon_table.h"

namespace bahth {
namespace {

// Arabic letters the rules look at (normalized spelling).
constexpr char16_t kAlef = u'\u0627';  // ا
constexpr char16_t kBeh = u'\u0628';   // ب
constexpr char16_t kTeh = u'\u062A';   // ت
constexpr char16_t kFeh = u'\u0641';   // ف
constexpr char16_t kLam = u'\u0644';   // ل
constexpr char16_t kHeh = u'\u0647';   // ه
constexpr char16_t kKaf = u'\u0643';   // ك
constexpr char16_t kWaw = u'\u0648';   // و
constexpr char16_t kYeh = u'\u064A';   // ي

// Longer "words" are not words (URL fragments, runs of letters); they pass through unchanged.
constexpr std::size_t kMaxLetters = 40;
// Every suffix rule leaves at least this many letters: Arabic roots have three.
constexpr std::size_t kMinStem = 3;

// True if `word` is made only of the Arabic letters U+0621..U+064A. All of them are two bytes in
// UTF-8, so letter i is bytes 2i and 2i+1 and the stemmer can work on byte offsets directly.
bool is_arabic_word(const std::string& word) {
  if (word.empty() || word.size() % 2 != 0 || word.size() > 2 * kMaxLetters) return false;
  for (std::size_t i = 0; i < word.size(); i += 2) {
    const char16_t c = arabic_block_char_at(word, i);
    // U+0640 tatweel is gone after normalization.
    if (!((c >= u'\u0621' && c <= u'\u063A') || (c >= u'\u0641' && c <= u'\u064A'))) return false;
  }
  return true;
}

// The letters [begin, end) of an all-Arabic word; stripping only moves the bounds.
class Letters {
 public:
  explicit Letters(const std::string& word) : word_(&word), end_(word.size() / 2) {}

  std::size_t size() const { return end_ - begin_; }
  std::size_t begin() const { return begin_; }
  std::size_t end() const { return end_; }

  char16_t at(std::size_t i) const {
    const auto hi = static_cast<unsigned char>((*word_)[2 * (begin_ + i)]);
    const auto lo = static_cast<unsigned char>((*word_)[2 * (begin_ + i) + 1]);
    return static_cast<char16_t>(decode_two_bytes(hi, lo));
  }
  char16_t last(std::size_t from_end = 0) const { return at(size() - 1 - from_end); }

  bool starts_with(std::u16string_view p) const {
    if (p.size() > size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (at(i) != p[i]) return false;
    }
    return true;
  }
  bool ends_with(std::u16string_view s) const {
    if (s.size() > size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (at(size() - s.size() + i) != s[i]) return false;
    }
    return true;
  }

  void drop_front(std::size_t n) { begin_ += n; }
  void drop_back(std::size_t n) { end_ -= n; }

  // The UTF-8 bytes of the letters [begin, end).
  std::string_view bytes() const {
    return std::string_view(*word_).substr(2 * begin_, 2 * (end_ - begin_));
  }

  // Drops suffix `s` if at least `min_rest` letters remain.
  bool strip_suffix(std::u16string_view s, std::size_t min_rest) {
    if (size() < s.size() + min_rest || !ends_with(s)) return false;
    drop_back(s.size());
    return true;
  }

 private:
  const std::string* word_;
  std::size_t begin_ = 0;
  std::size_t end_;
};

// ---------------------------------------------------------------------------------------------
// Suffixes. Each rule leaves at least `min_rest` letters (kMinStem; 2 in the trial of rule P5).
//
// S1 pronoun suffixes, one of them, longest first: هما هم هن كم ها نا ه.
//    كتابهم → كتاب, مياهها → مياه, حدودهم → حدود, ايامنا → ايام. ه is also teh marbuta here
//    (ة → ه), so مدرسه (مدرسة) → مدرس and جديده → جديد meet جديد: adjectives and their feminine
//    meet. Trade-off: a noun and its ة-derivative meet too (طريق/طريقة): the normalizer's ة → ه
//    fold makes the two ه indistinguishable, and joining them is what search mostly wants.
//    Not stripped: ك (2nd person; ملك بنك شريك تلك end in ك, and it measured worse), كن كما
//    (يمكن ساكن ممكن end in كن), and a bare ي (rule S2).
// S2 ي "my" only after ت, i.e. after a teh marbuta written ت: ادارتي → (S3) ادار, محطتي → محط.
//    A final ي is otherwise kept: it is mostly the nisba adjective ending, and تاريخي/تاريخ,
//    دولي/دوله are different words (and the gold says so).
// S3 ت left at the end after S1/S2 is a teh marbuta before a pronoun: it goes like ه would.
//    حياته → حيات → حيا = الحياه → حيا; ولايته → ولاي = الولايه → ولاي. Not after ا (ات is
//    the plural: سياراته → سيارات → S4 → سيار), unless ات would leave fewer than 3 letters:
//    then it is اة (حياته → حيا, قناته → قنا).
// S4 plural/agreement endings, one of: ات ون ين وا, then ان. الهجمات → هجمات → هجم;
//    وحدات → وحد = وحده → وحد; بريطانيين → بريطاني = بريطانيه → بريطاني (the nisba ي stays);
//    وصلوا → وصل; حزبان → حزب. Trade-off: ان also ends names (ايران → اير, لبنان → لبن); kept
//    because it measured better (duals and مكان/مكانه meet) and a name only hurts if it collides.
// S5 tanween alef: a final ا after a letter other than ي و ه, when no pronoun was stripped.
//    The normalizer drops the fathatan of جديداً, leaving جديدا → جديد; اولا → اول. Not after ي
//    (country names سوريا ايطاليا البانيا keep theirs: البانيا stays البانيا), nor after و (وا is
//    S4) or ه (ها is S1). Trade-off: names in -ا (كندا → كند) lose it; harmless unless they
//    collide, and without the rule UI rose by 0.047.
// S6 verb ت (past, 3rd person feminine) after a consonant, when no pronoun was stripped:
//    كانت → كان, قالت → قال, ارتفعت → ارتفع. Not after ا ي و: ات is a plural (قوات مرات), يت and
//    وت end many nouns and names (تصويت كبريت بيروت يموت).
// What the lexicon (L1–L4 below) allows a suffix rule to cut; nullptr: every cut the rules make.
class SuffixGuard;
bool suffix_allowed(const SuffixGuard* guard, const Letters& whole, std::size_t cut);
void strip_relative_yeh(Letters& w, const SuffixGuard* guard);

bool tanween_after_noon(const Letters& w);

void strip_suffixes(Letters& w, std::size_t min_rest, bool trial,
                    const SuffixGuard* guard = nullptr) {
  bool pronoun = false;
  for (std::u16string_view s : {u"هما", u"هم", u"هن", u"كم", u"ها", u"نا", u"ه"}) {  // S1
    // نا is also a final ن + the tanween alef (بيانا is بيان + ا, not بيا + نا): the more
    // frequent reading wins, and S5 takes the alef.
    if (s == u"نا" && guard != nullptr && w.size() >= 2 + min_rest && w.ends_with(s) &&
        tanween_after_noon(w)) {
      break;
    }
    if (w.strip_suffix(s, min_rest)) {
      pronoun = true;
      break;
    }
  }
  if (!pronoun && w.size() >= 1 + min_rest && w.last() == kYeh && w.last(1) == kTeh) {  // S2
    w.drop_back(1);
    pronoun = true;
  }
  if (pronoun && w.size() >= 1 + min_rest && w.last() == kTeh &&
      (w.last(1) != kAlef || w.size() < 2 + kMinStem)) {  // S3
    w.drop_back(1);
    return;
  }
  if (trial) {  // rule P5 looks only at the endings that are almost always suffixes
    for (std::u16string_view s : {u"ات", u"وا"}) {
      if (w.strip_suffix(s, min_rest)) return;
    }
    return;
  }
  for (std::u16string_view s : {u"ات", u"ون", u"ين", u"وا", u"ان"}) {  // S4
    if (w.size() >= s.size() + min_rest && w.ends_with(s)) {
      if (!suffix_allowed(guard, w, s.size())) return;
      w.drop_back(s.size());
      strip_relative_yeh(w, guard);
      return;
    }
  }
  if (pronoun || w.size() < 1 + min_rest) {
    strip_relative_yeh(w, guard);
    return;
  }
  const char16_t last = w.last();
  const char16_t before = w.last(1);
  const bool tanween_alef = last == kAlef && before != kYeh && before != kWaw && before != kHeh;
  const bool verb_teh = last == kTeh && before != kAlef && before != kYeh && before != kWaw;
  if ((tanween_alef || verb_teh) && suffix_allowed(guard, w, 1)) {
    w.drop_back(1);  // S5, S6
    return;
  }
  strip_relative_yeh(w, guard);
}

// ---------------------------------------------------------------------------------------------
// The lexicon (lexicon.h: base words of hunspell-ar, ICU's Arabic place names, corpus counts)
// decides where it knows the words; the rules below decide the rest.
//
// L1 A split of a word W into an affix and a rest R is taken when R is a word (the lexicon holds R,
//    or R's form once its own endings are cut, or that form + ه) and W is not a word in its own
//    right: not a base word of the dictionary unless it is at least kRarer times rarer than R, and
//    not kFarMore times more frequent than R (names the dictionary lacks: بوتين is 2,000 times in
//    the corpora, وتين almost never, so بوتين keeps its ب). وبكين → بكين (بكين is a base word),
//    بكين stays بكين (كين is rarer), وزاره stays, وقال → قال, يعمل → عمل.
// L2 A split is refused when W is known and R is not (باكستان: اكستان; لبنان: بنان).
// L3 When the lexicon knows neither W nor R, the rules of P1–P6 decide, as before the lexicon.
// L4 Relative adjectives: a final ي (after S1–S4: جبليه → جبلي, بلاستيكيه, المرضي) is cut when
//    what is left is a base word or a base word + ه (جبل, بلاستيك, مرض, مدرسه), unless the
//    dictionary spells the word with a final ى (مستشفى, مبنى), the left part + ا is a word (the
//    country: سوري stays, not سور "wall"; nor when it is a place name, L6: مغربي, صيني stay), it
//    ends in وي/اي/يي (كيماوي, الامريكيي), or the corpus
//    never inflects it as an adjective (no ال, ه, ين or ون form: سوني, a name, stays; not سون).
// L5 ل before the article drops the article's alef: للصين is ل + الصين. A word (و/ف +) لل + X
//    whose article form ال + X the lexicon knows stems as ال + X does, so للصين, والصين, بالصين
//    all meet الصين where the lexicon keeps الصين whole (kArticleFarMore), and للولايات meets
//    الولايات where it does not. The one stem that is not a run of its word's bytes: the ل
//    that stands for the article's ال is written ا (WordStemmer::stems_are_substrings). لل + X
//    is also ل + (ل + X) (للبنان: ل + لبنان): the reading whose word is more frequent wins.
constexpr std::uint32_t kSeen = 3;      // corpus count from which a word counts as known
constexpr std::uint64_t kRarer = 10;    // L1: a base word this much rarer than R is a clitic form
constexpr std::uint64_t kFarMore = 20;  // L1: W this much more frequent than R is a word
constexpr std::uint32_t kFrequentCore = 100;  // L1: see look_up_whole

bool known(const detail::LexiconEntry& e) { return e.base_word || e.count >= kSeen; }

detail::LexiconEntry look_up(std::string_view word) {
  return detail::Lexicon::instance().find(word);
}

// What the lexicon knows of the rest R of a split: its own entry, or that of its form once the
// rules cut its endings (and that form + ه: هجمات → هجم → هجمه).
struct RestEntry {
  bool known = false;
  std::uint64_t count = 0;  // the most frequent of those forms
  std::uint64_t own = 0;    // R's own count, compared with W's (L1's kFarMore)
};

// Adds what the lexicon says of `form` and of `form` + ه (the ending cut, the word may be a
// feminine one written with ه: هجمات → هجم → هجمه) to `entry`: known if either is, the larger
// count.
void add_form_and_heh_form(const Letters& form, RestEntry& entry) {
  std::string bytes(form.bytes());
  for (int with_heh = 0; with_heh < 2; ++with_heh) {
    if (with_heh == 1) bytes.append("\xD9\x87");  // ه
    const detail::LexiconEntry e = look_up(bytes);
    entry.known = entry.known || known(e);
    entry.count = std::max<std::uint64_t>(entry.count, e.count);
  }
}

RestEntry look_up_rest(const Letters& rest) {
  RestEntry out;
  const detail::LexiconEntry self = look_up(rest.bytes());
  out.known = known(self);
  out.count = out.own = self.count;
  if (rest.size() >= 2 + kMinStem && rest.starts_with(u"ال")) {
    // An idiom's ال word is rarer alone than in it (بالاضافه 1,873 times, الاضافه 17): the word
    // without its article (اضافه 1,726) speaks for it too.
    Letters bare = rest;
    bare.drop_front(2);
    const detail::LexiconEntry e = look_up(bare.bytes());
    out.known = out.known || known(e);
    out.own = std::max<std::uint64_t>(out.own, e.count);
    out.count = std::max<std::uint64_t>(out.count, e.count);
  }
  Letters core = rest;
  strip_suffixes(core, kMinStem, false);
  if (core.size() == rest.size()) return out;
  add_form_and_heh_form(core, out);
  return out;
}

// What the lexicon knows of the whole word W of a split: its own entry, made a base word when its
// form without a pronoun or ات/وا ending is one (يمكنها is يمكن + ها: as much a word as يمكن),
// so that every inflection of W is judged as W is. ين ون ان only before a frequent base word:
// cutting them everywhere would turn names into base words (وبكين → وبك).
detail::LexiconEntry look_up_whole(const Letters& whole) {
  detail::LexiconEntry out = look_up(whole.bytes());
  Letters core = whole;
  strip_suffixes(core, kMinStem, true);
  if (core.size() != whole.size()) {
    std::string form(core.bytes());
    for (int with_heh = 0; with_heh < 2; ++with_heh) {
      if (with_heh == 1) form.append("\xD9\x87");  // ه
      const detail::LexiconEntry e = look_up(form);
      if (e.base_word && e.count >= kSeen) {  // a dictionary word the news never writes (وبد)
        out.base_word = true;                 // is no reason to keep وبدات whole
        out.count = std::max(out.count, e.count);
      }
    }
  }
  // A dual or plural (ين ون ان) of a frequent base word is one too (بلدين: بلد), but not of a
  // rare one: names end in those letters (وبكين is not وبك + ين).
  for (std::u16string_view s : {u"ين", u"ون", u"ان"}) {
    if (whole.size() < s.size() + kMinStem || !whole.ends_with(s)) continue;
    Letters stem = whole;
    stem.drop_back(s.size());
    const detail::LexiconEntry e = look_up(stem.bytes());
    if (e.base_word && e.count >= kFrequentCore) {
      out.base_word = true;
      out.count = std::max(out.count, e.count);
    }
  }
  return out;
}

enum class Verdict { split, keep, unknown };

// L1–L3 for a word W and the rest R of one split. The article is judged apart: the dictionary
// lists words whose normalized spelling starts with ال (الم is ألم, "pain"; also الجديده), and most
// nouns are more frequent with the article than without (الامريكيه, امريكيه), so only a W far
// more frequent than R (kArticleFarMore) keeps its ال, with the names whose rest is no word
// (البانيا, كاليفورنيا after كال). Measured: splitting every article whose R is a word took
// stem-gold's wrong merges from 622 to 628 (OI above Lucene's), for 53 fewer clitic violations.
constexpr std::uint64_t kArticleFarMore = 100;

Verdict judge(const detail::LexiconEntry& whole, const RestEntry& rest, bool article = false) {
  const bool whole_known = known(whole);
  if (!whole_known && !rest.known) return Verdict::unknown;  // L3
  // L2, but the article: a word the dictionary lacks, whose rest is rarely written alone, is
  // a name with its article (الروهينجا, rest seen twice), which must meet its bare spelling.
  if (!rest.known) return article && !whole.base_word ? Verdict::split : Verdict::keep;
  if (article) {
    return whole.count > kArticleFarMore * std::max<std::uint64_t>(rest.count, 1) ? Verdict::keep
                                                                                  : Verdict::split;
  }
  if (!whole_known) return Verdict::split;
  if (whole.base_word) return whole.count * kRarer < rest.count ? Verdict::split : Verdict::keep;
  return whole.count > kFarMore * std::max<std::uint64_t>(rest.own, 1) ? Verdict::keep
                                                                       : Verdict::split;
}

class SuffixGuard {};  // a tag: strip_suffixes with a guard consults the lexicon

// L1–L3 for cutting the last `cut` letters of `whole` (S4–S6).
bool suffix_allowed(const SuffixGuard* guard, const Letters& whole, std::size_t cut) {
  if (guard == nullptr) return true;
  Letters rest = whole;
  rest.drop_back(cut);
  RestEntry r;
  add_form_and_heh_form(rest, r);
  r.own = r.count;  // R and R + ه are both the word without its ending
  return judge(look_up(whole.bytes()), r) != Verdict::keep;
}

// S1's نا: true if W without its final ا (بيان, زمان) is a known word more frequent than W
// without نا (بيا, زما) and that + ه.
bool tanween_after_noon(const Letters& w) {
  Letters noun = w;
  noun.drop_back(1);
  const detail::LexiconEntry tanween = look_up(noun.bytes());
  if (!known(tanween)) return false;
  Letters rest = w;
  rest.drop_back(2);
  std::string form(rest.bytes());
  std::uint64_t pronoun = look_up(form).count;
  pronoun += look_up(form + "\xD9\x87").count;  // + ه
  return tanween.count > pronoun;
}

// L4: a relative adjective takes the article, the feminine and the plural (جبلي: الجبلي, جبليه,
// الجبليه, جبليين); a name whose ي belongs to it takes none of them (سوني, not السوني or سونيه),
// even when the rest is a word (سون). The corpus must hold one of those forms kSeen times.
bool inflects_as_adjective(std::string_view adjective) {
  const std::string word(adjective);
  const std::string article = "\xD8\xA7\xD9\x84" + word;  // ال
  std::uint64_t seen = 0;
  for (const std::string& form : {article, word + "\xD9\x87", article + "\xD9\x87",
                                  word + "\xD9\x8A\xD9\x86", word + "\xD9\x88\xD9\x86"}) {
    seen += look_up(form).count;  // ال+w, w+ه, ال+w+ه, w+ين, w+ون
  }
  return seen >= kSeen;
}

// L4.
void strip_relative_yeh(Letters& w, const SuffixGuard* guard) {
  if (guard == nullptr || w.size() < 1 + kMinStem || w.last() != kYeh) return;
  const char16_t before = w.last(1);
  if (before == kWaw || before == kAlef || before == kYeh) return;
  if (look_up(w.bytes()).final_maqsura) return;
  Letters rest = w;
  rest.drop_back(1);
  std::string form(rest.bytes());
  const detail::LexiconEntry bare = look_up(form);
  const detail::LexiconEntry with_heh = look_up(form + "\xD9\x87");  // + ه
  // The base word itself must be seen: امريكه is a dictionary word the news never writes, and
  // امريك (seen 4 times) no word, so امريكي keeps its ي as اميركي does, and the two spellings
  // can meet (الامريكيه, الاميركيه).
  const bool noun =
      (bare.base_word && bare.count >= kSeen) || (with_heh.base_word && with_heh.count >= kSeen);
  if (!noun || look_up(std::string(w.bytes()) + "\xD8\xA7").base_word) return;  // سوري+ا
  // Nor is the adjective of a place name (L6) cut to the name: مغربي stays, as سوري does, and
  // المغرب (مغرب) keeps its weight beside المغربيه in a query that names both.
  if (bare.place_name || look_up("\xD8\xA7\xD9\x84" + form).place_name) return;  // ال + name
  if (!inflects_as_adjective(w.bytes())) return;
  w.drop_back(1);
}

// ---------------------------------------------------------------------------------------------
// Prefixes. The candidate analyses of the word's start are tried longest first; the first one
// whose checks pass wins, and "no prefix" always passes.
//
// P1 definite article, alone or with the clitics that attach before it, longest first:
//    وبال وكال فبال فكال ولل فلل وال فال بال كال لل ال, if at least 3 letters remain.
//    المتحده → متحده → متحد = متحده → متحد; الهجمات → هجم; للحدود → حدود; وبالاساس → اساس.
//    المهيمن → مهيمن (the م stays: only the article group is stripped, no second prefix).
//    Trade-off: with 2 letters allowed, الحد would meet حد, but الله → له, الان → ان, الذي → ذي
//    would land on very common other words; measured gain was only 0.002 UI.
//    ال at the start of a non-article word is stripped too (البانيا → بانيا); harmless, since
//    the word is consistently stemmed the same way wherever it appears (البانيا = لالبانيا).
// P2 conjunction و, and و + preposition ب/ل (وبحسب → حسب, ولتحقيق → تحقيق) when at least 4
//    letters follow. وقال → قال, ووصلت → وصلت → وصل. ف alone only before ا with 4 letters left
//    after suffixes (فاطفالهم → اطفال, فاكثر → اكثر): فيلم فترة فريق فكره فرنسا start with ف far
//    more often than ف+word does in news (measured: stripping every ف was worse); فاعل-pattern
//    words (فائده فارق) leave only 3 letters and keep their ف.
//    ك alone is never stripped either: كان كبير كلمه كانون start with ك; كال is in P1.
// P3 و is kept when what would remain, after its suffixes, is three letters with ي or و in the
//    middle: the فعيل/فعول patterns of و-initial roots. وزير stays وزير (and وزيره → وزير),
//    وصول وجود وكيل stay. Trade-off: و + a hollow noun (وصور → وصور, not صور) stays joined.
// P4 bare preposition ب or ل when at least 3 letters follow: باستخدام → استخدام,
//    لبرنامج → برنامج, بمعدل → معدل, بشكل → شكل, لتحقيقها → تحقيق. Not ب before ر ل ي ط: most
//    words spelled بر بل بي بط are ب-initial words (برنامج بريطانيا بلاد بلغ بيان بيروت بطوله
//    بطاقه), so برنامج stays برنامج and بلاده → بلاد (never لاد). Trade-off: ب + a word starting
//    with those letters (برئاسه, بطريقه) stays joined. Nor ب before ا (light4): these rules
//    decide only words the lexicon lacks (L3), and the news's ب + ا words (باستخدام باعتبار
//    باسم) are in it, split by L1; one it lacks is most often a loanword or a name
//    (باراسيتامول, while الباراسيتامول lost only its article: ARCD's ما هو الباراسيتامول؟ found
//    nothing of its article), so باراسيتامول, وباراسيتامول and الباراسيتامول all stay باراسيتامول.
//    The same holds after و (P2: وب + ا is not split past the و).
// P5 a conjunction or preposition (P2, P4, P6) is stripped only if the rest of the word, after
//    its pronoun, ت/ه, ات and وا endings are removed with a 2-letter guard, keeps 3 letters: so
//    وحدات → وحد (not حدات), وحده → وحد, لهجات → لهج, ولايات → (no ول) ولاي.
// P6 imperfect verb ي (after an optional P2/P4 clitic) when 3 more letters follow it and the next
//    letter is not ا or و: يعمل → عمل, يقولون → قول, ويعتقد → عتقد; ليحل keeps its ي (only
//    two letters would follow). Not before ا/و: names and nouns ياسر يوسف يوم يونيو. Trade-off: the
//    verb meets the noun spelled like its stem (يحمل/حمل, يدور/دور); good for search, counted as
//    overstemming by the gold. ت (تعمل) is not stripped: تحقيق تقرير تاريخ start with ت.

// P4: the letters after which a ب mostly begins a word (بر بل بي بط, and با in a word the
// lexicon lacks), and stays.
constexpr std::u16string_view kBehWordSeconds = u"رليطا";
constexpr std::size_t kNone = std::u16string_view::npos;

bool is_conjunction(char16_t c) { return c == kWaw; }
bool is_preposition(char16_t c) { return c == kBeh || c == kLam; }

// P1: length of the article group at the start of `w`, or 0.
std::size_t article_length(const Letters& w) {
  for (std::u16string_view p : {u"وبال", u"وكال", u"فبال", u"فكال", u"ولل", u"فلل", u"وال", u"فال",
                                u"بال", u"كال", u"لل", u"ال"}) {
    if (w.size() >= p.size() + kMinStem && w.starts_with(p)) return p.size();
  }
  return 0;
}

// P2, P4, P6: prefix lengths to try, longest first (not counting "no prefix"). Returns the count.
std::size_t clitic_candidates(const Letters& w, std::size_t out[3]) {
  const std::size_t len = w.size();
  const char16_t first = w.at(0);
  const char16_t second = w.at(1);
  std::size_t n = 0;
  const bool beh_of_word =
      second == kBeh && len > 2 && kBehWordSeconds.find(w.at(2)) != kNone;  // P4
  if (is_conjunction(first) && len >= 2 + 4 && is_preposition(second) && !beh_of_word) {
    out[n++] = 2;  // P2
  }
  const bool feh_before_alef = first == kFeh && second == kAlef && len >= 1 + 4;  // P2 ف
  const bool bare_preposition = is_preposition(first) && len >= 1 + 3 &&
                                !(first == kBeh && kBehWordSeconds.find(second) != kNone);  // P4
  if (is_conjunction(first)) {
    if (len >= 1 + 3) out[n++] = 1;  // P2
  } else if (feh_before_alef || bare_preposition) {
    out[n++] = 1;
  }
  // P6: ي right after the shortest clitic (or at the start).
  const std::size_t at = n > 0 ? out[n - 1] : 0;
  if (len >= at + 4 && w.at(at) == kYeh && w.at(at + 1) != kAlef && w.at(at + 1) != kWaw) {
    if (n > 0) {
      out[n] = out[n - 1];
      out[n - 1] = at + 1;
      ++n;
    } else {
      out[n++] = 1;
    }
  }
  return n;
}

// P3: three letters with a long vowel in the middle.
bool is_hollow_triliteral(const Letters& w) {
  return w.size() == 3 && (w.at(1) == kYeh || w.at(1) == kWaw);
}

// P1–P6, where the lexicon cannot decide (L3).
void stem_by_rules(const Letters& whole, Letters& w, const SuffixGuard* guard) {
  if (const std::size_t article = article_length(whole); article > 0) {
    w.drop_front(article);
    strip_suffixes(w, kMinStem, false, guard);
    return;
  }
  std::size_t candidates[3];
  const std::size_t n = clitic_candidates(whole, candidates);
  for (std::size_t i = 0; i < n; ++i) {
    Letters rest = whole;
    rest.drop_front(candidates[i]);
    Letters trial = rest;  // P5
    strip_suffixes(trial, 2, true);
    if (trial.size() < kMinStem) continue;
    strip_suffixes(rest, kMinStem, false, guard);
    if (candidates[i] == 1 && is_conjunction(whole.at(0)) && is_hollow_triliteral(rest)) {
      continue;  // P3
    }
    if (candidates[i] == 1 && whole.at(0) == kFeh && rest.size() < 4) continue;  // P2 ف
    w = rest;
    return;
  }
  strip_suffixes(w, kMinStem, false, guard);
}

// L1–L3 on the start of the word: clitics one layer at a time, outermost first, each split
// judged on its own (وبكين: و is judged on بكين, then ب on كين, and refused). Allowed stacks:
// و/ف, then ب/ك/ل, then the article ال (لل after ل) or, after و/ف/ل, the imperfect ي. Returns
// false, leaving `w` as it was, when the lexicon knows neither the word nor any rest (L3).
bool strip_prefixes_by_lexicon(Letters& w) {
  enum Kind { conjunction, preposition, article, verb_yeh };
  bool conjunction_ok = true;
  bool preposition_ok = true;
  bool verb_yeh_ok = true;
  bool decided = false;
  while (true) {
    std::pair<std::size_t, Kind> candidates[3];
    std::size_t n = 0;
    if (preposition_ok && w.size() >= 2 + kMinStem && w.starts_with(u"لل")) {
      candidates[n++] = {2, article};
    }
    if (w.size() >= 2 + kMinStem && w.starts_with(u"ال")) candidates[n++] = {2, article};
    if (w.size() >= 1 + kMinStem) {
      const char16_t first = w.at(0);
      if (conjunction_ok && (first == kWaw || first == kFeh)) {
        candidates[n++] = {1, conjunction};
      } else if (preposition_ok && (first == kBeh || first == kLam || first == kKaf)) {
        candidates[n++] = {1, preposition};
      } else if (verb_yeh_ok && first == kYeh && w.at(1) != kAlef && w.at(1) != kWaw) {
        candidates[n++] = {1, verb_yeh};
      }
    }
    const detail::LexiconEntry whole = n > 0 ? look_up_whole(w) : detail::LexiconEntry{};
    bool split = false;
    bool unknown = false;
    for (std::size_t i = 0; i < n && !split; ++i) {
      Letters rest = w;
      rest.drop_front(candidates[i].first);
      const RestEntry rest_entry = look_up_rest(rest);
      Verdict verdict = judge(whole, rest_entry, candidates[i].second == article);
      // ك "like" is rare before a noun, and starts many names (كاثرين كريس كابلان): a known W
      // must be rarer than R itself.
      if (verdict == Verdict::split && w.at(0) == kKaf && candidates[i].first == 1 &&
          known(whole) && whole.count >= rest_entry.own) {
        verdict = Verdict::keep;
      }
      if (verdict == Verdict::unknown) unknown = true;
      if (verdict != Verdict::split) continue;
      const bool lam = w.at(0) == kLam;
      w = rest;
      split = true;
      switch (candidates[i].second) {
        case conjunction:
          conjunction_ok = false;
          break;
        case preposition:
          conjunction_ok = preposition_ok = false;
          verb_yeh_ok = lam;
          break;
        case article:
        case verb_yeh:
          return true;
      }
    }
    if (!split) return decided || !unknown;
    decided = true;
  }
}

// Where a stem lies in its word: letters [begin, end), the first written ا when `alef` (L5).
struct StemBounds {
  std::uint8_t begin = 0;
  std::uint8_t end = 0;
  bool alef = false;
};

// L1–L4 and the rules: the stem of `word` (all Arabic, kMinStem letters or more) as bounds.
StemBounds stem_bounds(const std::string& word) {
  const Letters whole(word);
  Letters w = whole;
  static constexpr SuffixGuard kGuard;
  if (strip_prefixes_by_lexicon(w)) {
    strip_suffixes(w, kMinStem, false, &kGuard);
  } else {
    stem_by_rules(whole, w, &kGuard);
  }
  return {static_cast<std::uint8_t>(w.begin()), static_cast<std::uint8_t>(w.end()), false};
}

// L5: the letter where لل (ل + the article) starts, after an optional و or ف; 0 for none.
std::size_t lam_article_start(const Letters& whole) {
  const std::size_t at = whole.size() > 0 && (whole.at(0) == kWaw || whole.at(0) == kFeh) ? 1 : 0;
  if (whole.size() < at + 2 + kMinStem || whole.at(at) != kLam || whole.at(at + 1) != kLam) {
    return 0;
  }
  return at + 1;  // + 1: 0 means none
}

// L6 A place name (the lexicon's flag p: ICU's names of one word, and the names the corpora
//    write after a city, governorate or port) is kept whole: it never stems into a common noun
//    (مصراته is not مصر + ات + ه, البحرين not ال + بحر + ين, الحديده not حديد, المنامه not منام).
//    Only the clitics in front of it go (و/ف, then ب/ك/ل, then the article; لل for ل + the
//    article), and a name meets its article form whatever the corpus counts: البحرين, بالبحرين,
//    للبحرين and بحرين all stem to بحرين, القاهره and قاهره to قاهره. Checked over every place name
//    of the lexicon by the light stemmer's test.
// L7 A name of the exonym table (flag n: people, places and organisations the table lists, unless
//    the corpora also write the word as a common one; scripts/build-lexicon.sh) is kept whole,
//    its article included: only the clitics in front go (و/ف, then ب/ك/ل; لل is ل + the
//    article, written ال again as in L5). بايدن is not ب + ايدن, الظواهري not ظواهر, الكنيست not
//    كنيس, الاقصر not اقصر ("shorter"), and وبايدن, للظواهري, بالكنيست meet them. The article
//    stays because the bare form of such a name is often a common word (الاقصر: اقصر, الاسد:
//    اسد "a lion", الرمادي: رمادي "grey"); a place name's (L6) goes, as its bare form is the
//    name. Checked over every name of the table by the light stemmer's test.

// L6 and L7 at letter `from` of `word`: the bounds of the place name there (without its article),
// if the letters from there to the end are a place name, or a place name's article form lacks
// only its article (L6's ال forms), or of the name there (L7, with its article); `lam_article`:
// the letters there are لل (ل + the article).
bool place_name_at(const std::string& word, std::size_t from, bool lam_article,
                   StemBounds& bounds) {
  const std::size_t letters = word.size() / 2;
  const std::string_view rest = std::string_view(word).substr(2 * from);
  const auto end = static_cast<std::uint8_t>(letters);
  if (lam_article) {  // لل + X is ل + ال + X
    if (letters < from + 2 + kMinStem) return false;
    const detail::LexiconEntry e = look_up("\xD8\xA7" + std::string(rest.substr(2)));
    if (e.place_name) {
      bounds = {static_cast<std::uint8_t>(from + 2), end, false};
      return true;
    }
    if (!e.name) return false;
    bounds = {static_cast<std::uint8_t>(from), end, true};  // L7: ال + X, the first ل written ا
    return true;
  }
  if (letters < from + kMinStem) return false;
  if (const detail::LexiconEntry e = look_up(rest); e.place_name || e.name) {
    const bool article =
        e.place_name && rest.starts_with("\xD8\xA7\xD9\x84") && letters >= from + 2 + kMinStem;
    bounds = {static_cast<std::uint8_t>(from + (article ? 2 : 0)), end, false};
    return true;
  }
  if (look_up("\xD8\xA7\xD9\x84" + std::string(rest)).place_name) {  // ال + the rest
    bounds = {static_cast<std::uint8_t>(from), end, false};
    return true;
  }
  return false;
}

// L6, L7: tries the word whole, then after و/ف, after ب/ك/ل (each after an optional و/ف), and after
// لل, the shorter prefix first.
bool place_name_bounds(const std::string& word, StemBounds& bounds) {
  const Letters whole(word);
  if (place_name_at(word, 0, false, bounds)) return true;
  std::size_t at = 0;
  if (whole.at(0) == kWaw || whole.at(0) == kFeh) {
    at = 1;
    if (place_name_at(word, at, false, bounds)) return true;
  }
  if (whole.size() <= at + 1) return false;
  const char16_t c = whole.at(at);
  if (c == kLam && whole.at(at + 1) == kLam && place_name_at(word, at, true, bounds)) return true;
  return (c == kBeh || c == kKaf || c == kLam) && place_name_at(word, at + 1, false, bounds);
}

// L6 and L7, L5, then stem_bounds. لل + X may also be ل + a word that starts with ل (للبنان is ل +
// لبنان, للقاء mostly ل + لقاء): the more frequent of the two readings wins. `places`: false when
// L6 cannot change the stem (lexicon_may_decide is false: a word with no clitic in front and none
// of the endings the rules cut is stemmed whole by the rules, as L6 would, and is no article form
// of a place name either), which saves its lookups.
StemBounds stem_word(const std::string& word, bool places) {
  if (StemBounds place; places && place_name_bounds(word, place)) return place;
  const Letters whole(word);
  if (const std::size_t start = lam_article_start(whole); start > 0) {
    const std::size_t at = start - 1;
    const std::string article_form = "\xD8\xA7" + word.substr(2 * at + 2);  // ا + ل + X
    const std::string lam_form = word.substr(2 * at + 2);                   // ل + X
    const detail::LexiconEntry article = look_up(article_form);
    const detail::LexiconEntry lam = look_up(lam_form);
    if (known(lam) && lam.count > article.count) {
      const StemBounds b = stem_bounds(lam_form);
      return {static_cast<std::uint8_t>(b.begin + at + 1),
              static_cast<std::uint8_t>(b.end + at + 1), false};
    }
    if (known(article)) {
      const StemBounds b = stem_bounds(article_form);
      return {static_cast<std::uint8_t>(b.begin + at), static_cast<std::uint8_t>(b.end + at),
              b.begin == 0};
    }
  }
  return stem_bounds(word);
}

// Stems are remembered per thread: a news text repeats its words, and a word the lexicon judges
// costs several lookups. The memo is a 2-way set-associative cache whose sets are cache lines,
// each way holding the word's bytes and where its stem lies, so a word costs one hash and one
// memory access to find again (a node-based hash map cost three dependent cache misses a token,
// more than the stemming it saved). A new word evicts its set's least recently used way.
class StemMemo {
 public:
  static constexpr std::size_t kMaxWordBytes = 28;  // 14 letters; longer words are rarer
  static constexpr unsigned kSetBits = 16;          // 4 MB a thread

  // Where the stem of `word` (at most kMaxWordBytes bytes) lies, or nullptr if not remembered.
  const StemBounds* find(std::string_view word) {
    Way* set = set_of(word);
    if (set[0].holds(word)) return &set[0].bounds;
    if (!set[1].holds(word)) return nullptr;
    std::swap(set[0], set[1]);  // most recently used first
    return &set[0].bounds;
  }

  void remember(std::string_view word, StemBounds bounds) {
    Way* set = set_of(word);
    set[1] = set[0];
    std::memcpy(set[0].word, word.data(), word.size());
    set[0].size = static_cast<std::uint8_t>(word.size());
    set[0].bounds = bounds;
  }

 private:
  struct Way {
    char word[kMaxWordBytes];
    std::uint8_t size;  // 0: empty (the stemmer never looks at words of fewer than 3 letters)
    StemBounds bounds;
    bool holds(std::string_view w) const {
      return size == w.size() && std::memcmp(word, w.data(), w.size()) == 0;
    }
  };
  static_assert(sizeof(Way) == 32, "a set of two ways is one 64-byte cache line");
  static constexpr std::size_t kLine = 64;

  Way* set_of(std::string_view word) {
    if (!memory_) {
      // calloc, not new + value-initialization: the kernel's zero pages are faulted in as they
      // are used, so a process that stems a few query words does not pay for 4 MB of memset.
      // One line more, to start the sets on a line.
      memory_.reset(static_cast<char*>(std::calloc((std::size_t{1} << kSetBits) + 1, kLine)));
      if (!memory_) throw std::bad_alloc();
      const auto address = reinterpret_cast<std::uintptr_t>(memory_.get());
      sets_ = reinterpret_cast<Way*>(memory_.get() + (kLine - address % kLine) % kLine);
    }
    const std::size_t set = detail::lexicon_table::hash(word) & ((std::size_t{1} << kSetBits) - 1);
    return sets_ + 2 * set;
  }

  struct Free {
    void operator()(char* memory) const { std::free(memory); }
  };
  std::unique_ptr<char, Free> memory_;  // zeroed: every way empty
  Way* sets_ = nullptr;
};

// False if the lexicon cannot change the stem of `word` (all Arabic, kMinStem letters or more):
// no clitic that L1-L5 judge starts it (ال لل و ف ب ل ك ي), and it ends in none of the letters
// that S1-S6 and L4 cut (the pronouns' ه م ن ا, the endings' ت ن ا, the adjectives' ي). Such a
// word is stemmed by the rules alone, which cost less than finding it in the memo.
bool lexicon_may_decide(const Letters& w) {
  const char16_t first = w.at(0);
  const char16_t last = w.last();
  constexpr std::u16string_view kCliticFirstLetters = u"اوفبلكي";
  constexpr std::u16string_view kCutLastLetters = u"اتنيهم";
  return kCliticFirstLetters.find(first) != kNone || kCutLastLetters.find(last) != kNone;
}

class LightStemmer final : public WordStemmer {
 public:
  void stem(std::string& word) const override {
    if (!is_arabic_word(word) || word.size() < 2 * kMinStem) return;
    StemBounds bounds;
    const bool may_decide = lexicon_may_decide(Letters(word));
    if (word.size() > StemMemo::kMaxWordBytes || !may_decide) {
      bounds = stem_word(word, may_decide);
    } else {
      thread_local StemMemo memo;
      if (const StemBounds* known = memo.find(word)) {
        bounds = *known;
      } else {
        bounds = stem_word(word, true);
        memo.remember(word, bounds);
      }
    }
    // Only bounds moved, and at most one letter changed: cut the bytes (erase never allocates).
    word.erase(2 * std::size_t{bounds.end});
    word.erase(0, 2 * std::size_t{bounds.begin});
    if (bounds.alef) word.replace(0, 2, "\xD8\xA7");  // ل → ا (L5), both two bytes
  }

  std::string name() const override { return "light4+" + std::string(detail::kLexiconVersion); }
  // Stripping only moves the bounds of the word (see stem()).
  bool stems_are_substrings() const override { return true; }
};

}  // namespace

std::shared_ptr<const WordStemmer> make_light_stemmer() {
  return std::make_shared<const LightStemmer>();
}

}  // namespace bahth

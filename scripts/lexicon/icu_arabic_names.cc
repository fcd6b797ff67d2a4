// Prints ICU's own Arabic names of countries and territories (locale display names) and of the
// cities that name time zones (exemplar cities), one a line, for scripts/build-lexicon.sh.
// Build: g++ -std=c++20 icu_arabic_names.cc $(pkg-config --cflags --libs icu-i18n icu-uc)
#include <unicode/locid.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/unistr.h>

#include <iostream>
#include <memory>
#include <string>

int main() {
  const icu::Locale arabic("ar");
  std::string utf8;
  auto print = [&utf8](const icu::UnicodeString& name) {
    if (name.isBogus() || name.isEmpty()) return;
    utf8.clear();
    name.toUTF8String(utf8);
    std::cout << utf8 << '\n';
  };
  for (const char* const* country = icu::Locale::getISOCountries(); *country != nullptr;
       ++country) {
    icu::UnicodeString name;
    icu::Locale("", *country).getDisplayCountry(arabic, name);
    print(name);
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> names(icu::TimeZoneNames::createInstance(arabic, status));
  std::unique_ptr<icu::StringEnumeration> zones(icu::TimeZone::createEnumeration(status));
  if (U_FAILURE(status)) {
    std::cerr << "icu_arabic_names: " << u_errorName(status) << '\n';
    return 1;
  }
  for (const icu::UnicodeString* zone = zones->snext(status); zone != nullptr && U_SUCCESS(status);
       zone = zones->snext(status)) {
    icu::UnicodeString city;
    names->getExemplarLocationName(*zone, city);
    print(city);
  }
  return U_SUCCESS(status) ? 0 : 1;
}

#!/usr/bin/env bash
# The page reader's speed against the JSON Lines reader's, on the same text: each article of a
# JSON Lines corpus becomes a page laid out as BBC Arabic's (navigation, a figure, paragraphs in
# wrappers, related and most-read boxes, a footer, JSON-LD), and the same articles a JSON Lines
# file; read_speed reads each (the readers alone), three rounds alternated.
# Usage: bench/pages_vs_jsonl.sh READ_SPEED_BINARY [CORPUS.jsonl.gz] [WORK_DIR]
set -euo pipefail
read_speed=$1
corpus=${2:-../shared/data/bbc-arabic.jsonl.gz}
work=${3:-$(mktemp -d)}
mkdir -p "$work/pages"
python3 - "$corpus" "$work" <<'PY'
import gzip, html, json, sys
corpus, work = sys.argv[1], sys.argv[2]
out = open(f"{work}/same.jsonl", "w", encoding="utf-8")
for n, line in enumerate(gzip.open(corpus, "rt", encoding="utf-8")):
    a = json.loads(line)
    title, body = a.get("title", ""), a.get("body", a.get("text", ""))
    date, url = a.get("date", ""), f"https://www.bbc.com/arabic/{n}"
    out.write(json.dumps({"id": url, "url": url, "title": title, "date": date, "body": body},
                         ensure_ascii=False) + "\n")
    paras = "\n".join(f'<div data-component="text-block"><p dir="rtl">{html.escape(p)}</p></div>'
                      for p in body.split("\n") if p.strip())
    ld = json.dumps({"@type": "NewsArticle", "headline": title, "datePublished": date},
                    ensure_ascii=False)
    page = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{html.escape(title)} - BBC News عربي</title>
<meta property="og:title" content="{html.escape(title)}"><meta property="og:site_name" content="BBC News عربي">
<meta property="og:type" content="article"><link rel="canonical" href="{url}">
<script type="application/ld+json">{ld}</script><style>.nav{{display:flex}}</style></head><body>
<header role="banner"><nav><ul><li><a href="/arabic">الرئيسية</a></li><li><a href="/arabic/middleeast">الشرق الأوسط</a></li><li><a href="/arabic/world">العالم</a></li><li><a href="/arabic/business">اقتصاد</a></li></ul></nav></header>
<main role="main"><article><header><h1>{html.escape(title)}</h1><time datetime="{date}">{date}</time></header>
<figure><img src="a.jpg"><figcaption>صورة</figcaption></figure>
{paras}
<section data-component="tag-list"><h2>مواضيع ذات صلة</h2><ul><li><a href="/t/1">اليمن</a></li><li><a href="/t/2">الأمم المتحدة</a></li></ul></section>
</article><section class="most-read"><h2>الأكثر قراءة</h2><ol><li><a href="/a">خبر أول في القائمة</a></li><li><a href="/b">خبر ثان في القائمة</a></li></ol></section></main>
<footer role="contentinfo"><p>© 2018 بي بي سي. بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية.</p></footer></body></html>
"""
    with open(f"{work}/pages/{n:05d}.html", "w", encoding="utf-8") as f:
        f.write(page)
PY
echo "pages: $(du -sb "$work/pages" | cut -f1) bytes; jsonl: $(stat -c %s "$work/same.jsonl") bytes"
for round in 1 2 3; do
  echo "round $round pages: $("$read_speed" "$work/pages")"
  echo "round $round jsonl: $("$read_speed" "$work/same.jsonl")"
done

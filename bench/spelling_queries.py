import gzip, json, random, re, sys
# Query files for bench/spelling_eval.sh: real.txt (300 BBC titles + 300 ARCD questions, as in
# search_speed.sh) and misspelled.tsv (300 titles with one word misspelled: a confused letter, a
# dropped letter or two letters swapped; words the corpus itself contains are left out).
#   python3 bench/spelling_queries.py SHARED_DATA_DIR OUT_DIR
shared, out = sys.argv[1], sys.argv[2]
random.seed(20181020)
H = re.compile('[\u064B-\u065F\u0670\u0640]')
def norm(t):
    t = H.sub('', t); t = re.sub('[أإآٱ]', 'ا', t).replace('ى','ي').replace('ة','ه'); return t
arts = [json.loads(l) for f in ['bbc-arabic.jsonl.gz','ant-other-arabic-news.jsonl.gz'] for l in gzip.open(f'{shared}/{f}','rt',encoding='utf-8')]
vocab = set()
for a in arts:
    vocab.update(re.findall(r'\w+', norm(a['title']+' '+a['body'])))
titles = [a['title'] for a in arts[:4220] if a['title'].strip()]
questions = [l.split("\t", 1)[1].strip() for l in open(f"{shared}/dev-eval/arcd_queries.tsv", encoding="utf-8") if "\t" in l]
picked = random.sample(titles, 300) + random.sample(questions, 300)
open(f'{out}/real.txt','w').write('\n'.join(q.replace('\n',' ') for q in picked)+'\n')
conf = [('ض','ظ'),('ذ','ز'),('د','ذ'),('ت','ط'),('س','ص'),('ة','ت'),('ئ','ي'),('ؤ','و'),('أ','ا')]
def mutate(w):
    kind = random.choice(['conf','conf','del','swap'])
    if kind == 'conf':
        opts = [(i,b) for i,c in enumerate(w) for a,b in conf+[(y,x) for x,y in conf] if c == a]
        if opts:
            i,b = random.choice(opts); return w[:i]+b+w[i+1:], 'confusion'
    if kind == 'swap':
        i = random.randrange(1, len(w)-2); return w[:i]+w[i+1]+w[i]+w[i+2:], 'swap'
    i = random.randrange(1, len(w)-1); return w[:i]+w[i+1:], 'drop'
lines = []
for t in random.sample(titles, 1000):
    words = t.split()
    cands = [k for k,w in enumerate(words) if re.fullmatch('[\u0621-\u064A]{5,}', w)]
    if not cands: continue
    k = random.choice(cands)
    bad, kind = mutate(words[k])
    if norm(bad) in vocab or norm(bad) == norm(words[k]): continue  # a real word: not a misspelling the index can see
    q = words[:]; q[k] = bad
    lines.append(' '.join(words) + '\t' + ' '.join(q))
    if len(lines) == 300: break
open(f'{out}/misspelled.tsv','w').write('\n'.join(lines)+'\n')
print(len(lines))

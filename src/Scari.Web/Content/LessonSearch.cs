using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.RegularExpressions;

namespace Scari.Web.Content;

/// <summary>One result of <see cref="LessonSearch"/>: a section of a lesson, or a course's presentation.</summary>
/// <param name="SnippetHtml">HTML-encoded text around the first match, the matched words in <c>&lt;mark&gt;</c>.</param>
public sealed record SearchHit(Course Course, Lesson? Lesson, string? SectionId, string? SectionTitle, string Url, string SnippetHtml, double Score);

/// <summary>
/// An in-memory full-text index over the served catalogue, built with each content load: the courses' presentations
/// and every section (h2/h3) of every lesson. Words are folded (case and accents: «contrasena» finds «Contraseñas»),
/// lightly stemmed for Spanish plurals and gender («seguras» finds «seguro») and matched as prefixes («phish» finds
/// «phishing»), ranked by BM25 with the titles counting more; every word of the query must match.
/// </summary>
public sealed partial class LessonSearch
{
    public static readonly LessonSearch Empty = Build([]);

    private const float K1 = 1.2f, B = 0.75f, TitleWeight = 3f, PrefixWeight = 0.6f;
    private const int SnippetChars = 220;
    /// <summary>Encodes markup characters only: «ñ» stays «ñ».</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private sealed class Doc
    {
        public required Course Course { get; init; }
        public Lesson? Lesson { get; init; }
        public string? SectionId { get; init; }
        public string? SectionTitle { get; init; }
        public required string Text { get; init; }
        /// <summary>Per word of <see cref="Text"/>: where it starts, how long it is, and its term.</summary>
        public required int[] Starts { get; init; }
        public required int[] Lengths { get; init; }
        public required int[] Terms { get; init; }
        public float Length { get; init; }
    }

    private readonly Doc[] _docs;
    private readonly string[] _terms;            // sorted (ordinal), for exact and prefix lookups
    private readonly (int Doc, float Tf)[][] _postings;
    private readonly float[] _idf;
    private readonly float _averageLength;

    private LessonSearch(Doc[] docs, string[] terms, (int, float)[][] postings, float[] idf, float averageLength) =>
        (_docs, _terms, _postings, _idf, _averageLength) = (docs, terms, postings, idf, averageLength);

    public int SectionCount => _docs.Length;

    public static LessonSearch Build(IEnumerable<Course> courses)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var raw = new List<(Course Course, Lesson? Lesson, string? Id, string? Title, string Text, string Heading)>();
        foreach (var course in courses)
        {
            raw.Add((course, null, null, null, course.Summary + "\n" + PlainText(course.OverviewHtml), course.Title));
            foreach (var lesson in course.Items.OfType<Lesson>())
                foreach (var (id, title, text) in Sections(lesson.Html))
                    raw.Add((course, lesson, id, title, text, id is null ? lesson.Title : lesson.Title + " " + title));
        }

        var docs = new List<Doc>(raw.Count);
        var termFrequencies = new List<Dictionary<int, float>>(raw.Count);
        foreach (var (course, lesson, id, title, text, heading) in raw)
        {
            var frequencies = new Dictionary<int, float>();
            var (starts, lengths, terms) = Tokenize(text, vocabulary);
            foreach (var t in terms) if (t >= 0) frequencies[t] = frequencies.GetValueOrDefault(t) + 1;
            var (_, _, headingTerms) = Tokenize(heading, vocabulary);
            foreach (var t in headingTerms) if (t >= 0) frequencies[t] = frequencies.GetValueOrDefault(t) + TitleWeight;
            docs.Add(new Doc
            {
                Course = course, Lesson = lesson, SectionId = id, SectionTitle = title, Text = text,
                Starts = starts, Lengths = lengths, Terms = terms, Length = terms.Count(t => t >= 0) + headingTerms.Count(t => t >= 0) * TitleWeight,
            });
            termFrequencies.Add(frequencies);
        }

        // Term ids in sorted order, so a prefix is a contiguous range.
        var sorted = vocabulary.Keys.Where(t => t.Length > 0).Order(StringComparer.Ordinal).ToArray();
        var remap = new int[vocabulary.Count];
        Array.Fill(remap, -1);
        for (var i = 0; i < sorted.Length; i++) remap[vocabulary[sorted[i]]] = i;
        var postings = new List<(int, float)>[sorted.Length];
        for (var i = 0; i < postings.Length; i++) postings[i] = [];
        for (var d = 0; d < docs.Count; d++)
        {
            foreach (var (term, tf) in termFrequencies[d]) if (remap[term] >= 0) postings[remap[term]].Add((d, tf));
            var terms = docs[d].Terms;
            for (var i = 0; i < terms.Length; i++) terms[i] = terms[i] >= 0 ? remap[terms[i]] : -1;
        }
        var n = Math.Max(1, docs.Count);
        var idf = postings.Select(p => (float)Math.Log(1 + (n - p.Count + 0.5) / (p.Count + 0.5))).ToArray();
        var average = docs.Count == 0 ? 1 : docs.Average(d => Math.Max(1, d.Length));
        return new LessonSearch([.. docs], sorted, postings.Select(p => p.ToArray()).ToArray(), idf, (float)average);
    }

    /// <summary>The best sections for the query, at most one per lesson, best first.</summary>
    public IReadOnlyList<SearchHit> Find(string? query, int max = 20, Func<Course, bool>? include = null)
    {
        var words = QueryTerms(query);
        if (words.Count == 0 || _docs.Length == 0) return [];

        var scores = new float[_docs.Length];
        var matched = new int[_docs.Length];
        var highlight = new HashSet<int>();
        var best = new float[_docs.Length];
        for (var w = 0; w < words.Count; w++)
        {
            Array.Clear(best);
            var (from, to) = PrefixRange(words[w]);
            for (var t = from; t < to; t++)
            {
                highlight.Add(t);
                var weight = _terms[t].Length == words[w].Length ? 1f : PrefixWeight;
                foreach (var (doc, tf) in _postings[t])
                {
                    var norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * _docs[doc].Length / _averageLength));
                    var score = weight * _idf[t] * norm;
                    if (score > best[doc]) best[doc] = score;
                }
            }
            for (var d = 0; d < best.Length; d++)
                if (best[d] > 0) { scores[d] += best[d]; matched[d]++; }
        }

        var hits = new List<SearchHit>();
        var seen = new HashSet<(string, string?)>();
        foreach (var d in Enumerable.Range(0, _docs.Length).Where(d => matched[d] == words.Count).OrderByDescending(d => scores[d]).ThenBy(d => d))
        {
            var doc = _docs[d];
            if (include is not null && !include(doc.Course)) continue;
            if (!seen.Add((doc.Course.Id, doc.Lesson?.Id))) continue;
            var url = doc.Lesson is null ? $"/cursos/{doc.Course.Id}"
                : $"/cursos/{doc.Course.Id}/{doc.Lesson.Id}{(doc.SectionId is null ? "" : "#" + doc.SectionId)}";
            hits.Add(new SearchHit(doc.Course, doc.Lesson, doc.SectionId, doc.SectionTitle, url, Snippet(doc, highlight), scores[d]));
            if (hits.Count == max) break;
        }
        return hits;
    }

    private (int From, int To) PrefixRange(string prefix)
    {
        var from = LowerBound(prefix);
        var to = from;
        while (to < _terms.Length && _terms[to].StartsWith(prefix, StringComparison.Ordinal)) to++;
        return (from, to);
    }

    private int LowerBound(string value)
    {
        int lo = 0, hi = _terms.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(_terms[mid], value) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>About <see cref="SnippetChars"/> characters around the first matched word, encoded, matches marked.</summary>
    private static string Snippet(Doc doc, HashSet<int> highlight)
    {
        var first = Array.FindIndex(doc.Terms, t => t >= 0 && highlight.Contains(t));
        var text = doc.Text;
        var start = first < 0 ? 0 : Math.Max(0, doc.Starts[first] - SnippetChars / 3);
        if (start > 0) { var space = text.IndexOf(' ', start); start = space < 0 || space > (first < 0 ? start : doc.Starts[first]) ? start : space + 1; }
        var end = Math.Min(text.Length, start + SnippetChars);
        if (end < text.Length) { var space = text.LastIndexOf(' ', end); if (space > start) end = space; }

        var html = new StringBuilder(SnippetChars + 64);
        if (start > 0) html.Append('…');
        var at = start;
        for (var i = Math.Max(0, first); i < doc.Terms.Length && doc.Starts[i] < end; i++)
        {
            if (doc.Starts[i] < start || doc.Terms[i] < 0 || !highlight.Contains(doc.Terms[i])) continue;
            html.Append(Html.Encode(text[at..doc.Starts[i]]));
            html.Append("<mark>").Append(Html.Encode(text.Substring(doc.Starts[i], doc.Lengths[i]))).Append("</mark>");
            at = doc.Starts[i] + doc.Lengths[i];
        }
        if (at < end) html.Append(Html.Encode(text[at..end]));
        if (end < text.Length) html.Append('…');
        return html.ToString();
    }

    private static List<string> QueryTerms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return [];
        var words = Words(query.Length > 200 ? query[..200] : query).Select(w => w.Folded).ToList();
        var content = words.Where(w => !StopWords.Contains(w)).ToList();
        return (content.Count > 0 ? content : words).Select(Stem).Distinct().Take(8).ToList();
    }

    private static (int[] Starts, int[] Lengths, int[] Terms) Tokenize(string text, Dictionary<string, int> vocabulary)
    {
        var starts = new List<int>();
        var lengths = new List<int>();
        var terms = new List<int>();
        foreach (var (start, length, folded) in Words(text))
        {
            starts.Add(start);
            lengths.Add(length);
            if (StopWords.Contains(folded)) { terms.Add(-1); continue; }
            var stem = Stem(folded);
            if (!vocabulary.TryGetValue(stem, out var id)) vocabulary[stem] = id = vocabulary.Count;
            terms.Add(id);
        }
        return ([.. starts], [.. lengths], [.. terms]);
    }

    /// <summary>The words of a text (letters and digits), with where each starts and its folded form.</summary>
    private static IEnumerable<(int Start, int Length, string Folded)> Words(string text)
    {
        var buffer = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            var start = i;
            buffer.Clear();
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || IsMark(text[i]))) { if (!IsMark(text[i])) buffer.Append(Fold(text[i])); i++; }
            yield return (start, i - start, buffer.ToString());
        }
    }

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private static readonly char[] FoldTable = BuildFoldTable();

    private static char[] BuildFoldTable()
    {
        var table = new char[0x250];
        for (var c = 0; c < table.Length; c++)
        {
            var decomposed = ((char)c).ToString().Normalize(NormalizationForm.FormD);
            table[c] = char.ToLowerInvariant(decomposed[0]);
        }
        return table;
    }

    /// <summary>Lower case without accents: «Ñ» → «n», «É» → «e».</summary>
    private static char Fold(char c) => c < FoldTable.Length ? FoldTable[c] : char.ToLowerInvariant(c);

    /// <summary>
    /// A light Spanish stemmer: plural and gender endings only («contraseñas», «contraseña» → «contrasen»;
    /// «veces» → «vez»), so that a stem never strays far from the word a person typed.
    /// </summary>
    internal static string Stem(string word)
    {
        if (word.Length < 5 || !char.IsLetter(word[^1])) return word;
        if (word.EndsWith("eses", StringComparison.Ordinal)) return word[..^2];
        if (word.EndsWith("ces", StringComparison.Ordinal)) return word[..^3] + "z";
        if (word[^1] == 's' && word[^2] is 'a' or 'e' or 'o') return word[..^2];
        if (word[^1] is 'a' or 'e' or 'o') return word[..^1];
        return word;
    }

    /// <summary>Frequent Spanish words that say nothing about a lesson (folded).</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "al", "algo", "ante", "como", "con", "contra", "cual", "cuando", "de", "del", "desde", "donde", "durante", "e",
        "el", "ella", "ellas", "ellos", "en", "entre", "era", "es", "esa", "ese", "eso", "esta", "este", "esto", "estos",
        "estas", "fue", "ha", "hay", "la", "las", "le", "les", "lo", "los", "mas", "me", "mi", "muy", "ni", "no", "nos", "o",
        "otra", "otro", "para", "pero", "por", "porque", "que", "se", "si", "sin", "sobre", "son", "su", "sus", "tambien",
        "te", "u", "un", "una", "uno", "unos", "unas", "usted", "y", "ya",
    };

    [GeneratedRegex("""<h([23]) id="([^"]+)">(.*?)</h\1>""", RegexOptions.Singleline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex("""</?(p|li|ul|ol|td|th|tr|table|thead|tbody|div|pre|blockquote|h[1-6]|br|hr|dt|dd|dl|section|figure|figcaption)\b[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>A lesson's text by section: before the first heading (no id), then each h2 or h3 with its id and title.</summary>
    private static IEnumerable<(string? Id, string? Title, string Text)> Sections(string html)
    {
        var at = 0;
        string? id = null, title = null;
        foreach (Match m in SectionHeading().Matches(html))
        {
            var text = PlainText(html[at..m.Index]);
            if (text.Length > 0 || id is not null) yield return (id, title, text);
            (id, title, at) = (m.Groups[2].Value, PlainText(m.Groups[3].Value), m.Index + m.Length);
        }
        var last = PlainText(html[at..]);
        if (last.Length > 0 || id is not null) yield return (id, title, last);
    }

    internal static string PlainText(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(AnyTag().Replace(BlockTag().Replace(html, " "), "")), " ").Trim();
}

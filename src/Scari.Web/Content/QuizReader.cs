using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;

namespace Scari.Web.Content;

/// <summary>
/// Reads a quiz from the Markdown tree: each <c>## heading</c> is a question; directly under it optional
/// <c>lesson:</c> and <c>group:</c> lines; then case text; then the answer, either a task list of options
/// (<c>- [x]</c> correct) or a paragraph of <c>= …</c> lines (a typed answer); a blockquote after the answer is the feedback.
/// </summary>
internal static partial class QuizReader
{
    private sealed class Draft(int line, string prompt, string plainPrompt)
    {
        public int Line { get; } = line;
        public string Prompt { get; } = prompt;
        public string PlainPrompt { get; } = plainPrompt;
        public string? Lesson { get; set; }
        public int LessonLine { get; set; }
        public string? Group { get; set; }
        public bool SeenBlock { get; set; }
        public List<Block> Detail { get; } = [];
        public List<Option> Options { get; } = [];
        public TypedAnswer? Answer { get; set; }
        public bool HasAnswerLines { get; set; }
        public List<Block> Feedback { get; } = [];
        public bool Answered => Options.Count > 0 || HasAnswerLines;
    }

    [GeneratedRegex(@"^(lesson|group):\s*(.*?)\s*$")]
    private static partial Regex MetadataLine();

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex FileNumber();

    [GeneratedRegex(@"^(-?\d+(?:\.\d+)?)\s*±\s*(\d+(?:\.\d+)?)$")]
    private static partial Regex FileTolerance();

    [GeneratedRegex(@"^(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)$")]
    private static partial Regex FileRange();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex FileDate();

    /// <param name="lessons">Resolves a <c>lesson:</c> value (a lesson id, or its file name) to the lesson id; null if unknown.</param>
    public static (string IntroHtml, IReadOnlyList<Question> Questions) Read(
        MarkdownDocument document, string body, string path, int lineOffset, List<ContentProblem> problems,
        Func<string, string?> lessons)
    {
        var sourceLines = body.Split('\n');
        var intro = new List<Block>();
        var drafts = new List<Draft>();
        Draft? current = null;
        foreach (var block in document)
        {
            if (block is LinkReferenceDefinitionGroup) continue;
            if (block is HeadingBlock { Level: 2 } heading)
            {
                var plain = heading.Line < sourceLines.Length ? sourceLines[heading.Line].TrimStart('#', ' ').Trim() : "";
                drafts.Add(current = new Draft(heading.Line + lineOffset, MarkdownRendering.RenderInline(heading), plain));
                continue;
            }
            if (current is null) { intro.Add(block); continue; }
            var first = !current.SeenBlock;
            current.SeenBlock = true;
            if (first && block is ParagraphBlock meta && ReadMetadata(SourceLines(body, meta), meta.Line, current, path, lineOffset, problems)) continue;
            if (block is ListBlock list && IsTaskList(list))
            {
                if (current.Options.Count > 0)
                {
                    problems.Add(new(path, list.Line + lineOffset, $"la pregunta «{Short(current.PlainPrompt)}» tiene dos listas de opciones: júntelas en una sola lista"));
                    continue;
                }
                if (current.HasAnswerLines)
                {
                    problems.Add(new(path, list.Line + lineOffset, $"la pregunta «{Short(current.PlainPrompt)}» tiene opciones y líneas «= …»: use opciones o respuesta escrita, no ambas"));
                    continue;
                }
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    if (item.FirstOrDefault() is ParagraphBlock { Inline.FirstChild: TaskList task } paragraph)
                    {
                        task.Remove();
                        var html = MarkdownRendering.RenderInline(paragraph);
                        current.Options.Add(new Option
                        {
                            Index = current.Options.Count,
                            Html = html,
                            Correct = task.Checked,
                            PlainText = PlainText(html),
                            Line = item.Line + lineOffset,
                        });
                    }
                    else
                        problems.Add(new(path, item.Line + lineOffset, "esta opción no empieza con [ ] o [x]: escriba - [ ] para una opción y - [x] para una correcta"));
                }
            }
            else if (block is ParagraphBlock answer && AnswerLines(SourceLines(body, answer)) is { } lines)
            {
                if (current.Options.Count > 0)
                    problems.Add(new(path, answer.Line + lineOffset, $"la pregunta «{Short(current.PlainPrompt)}» tiene opciones y líneas «= …»: use opciones o respuesta escrita, no ambas"));
                else if (current.HasAnswerLines)
                    problems.Add(new(path, answer.Line + lineOffset, $"la pregunta «{Short(current.PlainPrompt)}» tiene dos bloques de líneas «= …»: júntelos sin línea en blanco"));
                else
                {
                    current.HasAnswerLines = true;
                    current.Answer = ReadAnswer(lines, answer.Line + lineOffset, path, problems);
                }
            }
            else if (current.Answered)
            {
                if (block is QuoteBlock) current.Feedback.Add(block);
                else problems.Add(new(path, block.Line + lineOffset,
                    $"hay texto después de la respuesta de la pregunta «{Short(current.PlainPrompt)}»: escriba la retroalimentación como cita (> …) o empiece otra pregunta con ##"));
            }
            else current.Detail.Add(block);
        }

        if (drafts.Count == 0)
            problems.Add(new(path, lineOffset, "la evaluación no tiene preguntas: escriba cada pregunta como un título ## seguido de opciones - [ ] y - [x]"));
        foreach (var draft in drafts)
        {
            if (draft.HasAnswerLines) { }
            else if (draft.Options.Count < 2)
                problems.Add(new(path, draft.Line, draft.Options.Count == 0
                    ? $"la pregunta «{Short(draft.PlainPrompt)}» no tiene respuesta: escriba al menos dos opciones, como - [ ] y - [x], o líneas «= respuesta»"
                    : $"la pregunta «{Short(draft.PlainPrompt)}» tiene una sola opción: escriba al menos dos"));
            else if (!draft.Options.Any(o => o.Correct))
                problems.Add(new(path, draft.Line, $"la pregunta «{Short(draft.PlainPrompt)}» no tiene respuesta correcta: marque al menos una opción con - [x]"));
            if (draft.Lesson is { } lesson)
            {
                if (lessons(lesson) is { } id) draft.Lesson = id;
                else
                {
                    problems.Add(new(path, draft.LessonLine, $"la lección «{lesson}» no existe en este curso: escriba el id de una lección (o el nombre de su archivo sin .md)"));
                    draft.Lesson = null;
                }
            }
        }

        var questions = drafts.Select((d, i) => new Question
        {
            Index = i,
            PromptHtml = d.Prompt,
            PlainPrompt = d.PlainPrompt,
            Line = d.Line,
            DetailHtml = MarkdownRendering.Render(d.Detail),
            Options = d.Options,
            Answer = d.Answer,
            LessonId = d.Lesson,
            Group = d.Group,
            FeedbackHtml = MarkdownRendering.Render(d.Feedback.SelectMany(q => (QuoteBlock)q)),
        }).ToList();
        return (MarkdownRendering.Render(intro), questions);
    }

    /// <summary>The <c>lesson:</c>/<c>group:</c> lines right under a heading. False when the paragraph is not metadata.</summary>
    private static bool ReadMetadata(List<string> lines, int firstLine, Draft draft, string path, int lineOffset, List<ContentProblem> problems)
    {
        if (lines.Count == 0 || !MetadataLine().IsMatch(lines[0])) return false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = firstLine + i + lineOffset;
            var m = MetadataLine().Match(lines[i]);
            if (!m.Success)
            {
                problems.Add(new(path, line, "después de las líneas lesson: y group: deje una línea en blanco antes del texto de la pregunta"));
                return true;
            }
            var (key, value) = (m.Groups[1].Value, m.Groups[2].Value);
            if (value.Length == 0) { problems.Add(new(path, line, $"la línea «{key}:» no tiene valor")); continue; }
            if (key == "lesson")
            {
                if (draft.Lesson is not null) problems.Add(new(path, line, "la pregunta tiene dos líneas lesson:: deje una"));
                (draft.Lesson, draft.LessonLine) = (value, line);
            }
            else
            {
                if (draft.Group is not null) problems.Add(new(path, line, "la pregunta tiene dos líneas group:: deje una"));
                else if (!ContentLoader.IsSlug(value)) problems.Add(new(path, line, $"el grupo «{value}» no es válido: use minúsculas sin tildes, números y guiones"));
                else draft.Group = value;
            }
        }
        return true;
    }

    /// <summary>The texts after «= » when every line of the paragraph starts with it; else null.</summary>
    private static List<string>? AnswerLines(List<string> source)
    {
        var lines = source.Select(l => l.Trim()).ToList();
        if (lines.Count == 0 || !lines.All(l => l.StartsWith("= ", StringComparison.Ordinal) || l == "=")) return null;
        return lines.Select(l => l[1..].Trim()).ToList();
    }

    private static TypedAnswer? ReadAnswer(List<string> lines, int line, string path, List<ContentProblem> problems)
    {
        if (lines.Any(l => l.Length == 0))
        {
            problems.Add(new(path, line, "una línea «=» no tiene respuesta: escriba el valor después de «= »"));
            return null;
        }
        if (lines.Count > 1) return new TextAnswer(lines);
        var text = lines[0];
        static decimal Number(string s) => decimal.Parse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (FileNumber().IsMatch(text)) { var n = Number(text); return new NumberAnswer(n, n); }
        if (FileTolerance().Match(text) is { Success: true } tol)
        {
            var (center, delta) = (Number(tol.Groups[1].Value), Number(tol.Groups[2].Value));
            return new NumberAnswer(center - delta, center + delta);
        }
        if (FileRange().Match(text) is { Success: true } range)
        {
            var (min, max) = (Number(range.Groups[1].Value), Number(range.Groups[2].Value));
            if (min > max)
            {
                problems.Add(new(path, line, $"el rango «{text}» empieza después de terminar: escriba primero el menor (p. ej. = 2.9..3.1)"));
                return null;
            }
            return new NumberAnswer(min, max);
        }
        if (FileDate().IsMatch(text))
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return new DateAnswer(date);
            problems.Add(new(path, line, $"la fecha «{text}» no existe: escríbala como aaaa-mm-dd (p. ej. = 2026-03-17)"));
            return null;
        }
        if (LearnerInput.TryParseNumber(text, out _) || text.Contains('±'))
        {
            problems.Add(new(path, line, $"el número «{text}» no se entiende: en el archivo escriba el decimal con punto, sin separador de miles (= 1000.5, = 3 ± 0.1 o = 2.9..3.1)"));
            return null;
        }
        return new TextAnswer(lines);
    }

    /// <summary>The lines of a block as written (Markdig drops a paragraph's own lines once its inlines are parsed).</summary>
    private static List<string> SourceLines(string body, Block block) =>
        block.Span.Start >= 0 && block.Span.End < body.Length
            ? body.Substring(block.Span.Start, block.Span.Length).Split('\n').Select(l => l.TrimEnd('\r')).ToList()
            : [];

    private static bool IsTaskList(ListBlock list) =>
        list.OfType<ListItemBlock>().Any(item => item.FirstOrDefault() is ParagraphBlock { Inline.FirstChild: TaskList });

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    internal static string PlainText(string html) => WebUtility.HtmlDecode(Tags().Replace(html, "")).Trim();

    internal static string Short(string text) => text.Length <= 60 ? text : text[..57].TrimEnd() + "…";
}

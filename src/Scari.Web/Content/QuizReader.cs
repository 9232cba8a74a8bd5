using Markdig.Extensions.TaskLists;
using Markdig.Syntax;

namespace Scari.Web.Content;

/// <summary>
/// Reads a quiz from the Markdown tree: each <c>## heading</c> is a question, the task list after it holds the
/// options (<c>- [x]</c> correct), and a blockquote after the options is the feedback.
/// </summary>
internal static class QuizReader
{
    private sealed class Draft(int line, string prompt, string plainPrompt)
    {
        public int Line { get; } = line;
        public string Prompt { get; } = prompt;
        public string PlainPrompt { get; } = plainPrompt;
        public List<Block> Detail { get; } = [];
        public List<Option> Options { get; } = [];
        public List<Block> Feedback { get; } = [];
    }

    public static (string IntroHtml, IReadOnlyList<Question> Questions) Read(
        MarkdownDocument document, string body, string path, int lineOffset, List<ContentProblem> problems)
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
            }
            else if (current is null) intro.Add(block);
            else if (block is ListBlock list && IsTaskList(list))
            {
                if (current.Options.Count > 0)
                {
                    problems.Add(new(path, list.Line + lineOffset, $"la pregunta «{Short(current.PlainPrompt)}» tiene dos listas de opciones: júntelas en una sola lista"));
                    continue;
                }
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    if (item.FirstOrDefault() is ParagraphBlock { Inline.FirstChild: TaskList task } paragraph)
                    {
                        task.Remove();
                        current.Options.Add(new Option
                        {
                            Index = current.Options.Count,
                            Html = MarkdownRendering.RenderInline(paragraph),
                            Correct = task.Checked,
                        });
                    }
                    else
                        problems.Add(new(path, item.Line + lineOffset, "esta opción no empieza con [ ] o [x]: escriba - [ ] para una opción y - [x] para una correcta"));
                }
            }
            else if (current.Options.Count > 0)
            {
                if (block is QuoteBlock) current.Feedback.Add(block);
                else problems.Add(new(path, block.Line + lineOffset,
                    $"hay texto después de las opciones de la pregunta «{Short(current.PlainPrompt)}»: escriba la retroalimentación como cita (> …) o empiece otra pregunta con ##"));
            }
            else current.Detail.Add(block);
        }

        if (drafts.Count == 0)
            problems.Add(new(path, lineOffset, "la evaluación no tiene preguntas: escriba cada pregunta como un título ## seguido de opciones - [ ] y - [x]"));
        foreach (var draft in drafts)
        {
            if (draft.Options.Count < 2)
                problems.Add(new(path, draft.Line, draft.Options.Count == 0
                    ? $"la pregunta «{Short(draft.PlainPrompt)}» no tiene opciones: escriba al menos dos, como - [ ] y - [x]"
                    : $"la pregunta «{Short(draft.PlainPrompt)}» tiene una sola opción: escriba al menos dos"));
            else if (!draft.Options.Any(o => o.Correct))
                problems.Add(new(path, draft.Line, $"la pregunta «{Short(draft.PlainPrompt)}» no tiene respuesta correcta: marque al menos una opción con - [x]"));
        }

        var questions = drafts.Select((d, i) => new Question
        {
            Index = i,
            PromptHtml = d.Prompt,
            DetailHtml = MarkdownRendering.Render(d.Detail),
            Options = d.Options,
            FeedbackHtml = MarkdownRendering.Render(d.Feedback.SelectMany(q => (QuoteBlock)q)),
        }).ToList();
        return (MarkdownRendering.Render(intro), questions);
    }

    private static bool IsTaskList(ListBlock list) =>
        list.OfType<ListItemBlock>().Any(item => item.FirstOrDefault() is ParagraphBlock { Inline.FirstChild: TaskList });

    private static string Short(string text) => text.Length <= 60 ? text : text[..57].TrimEnd() + "…";
}

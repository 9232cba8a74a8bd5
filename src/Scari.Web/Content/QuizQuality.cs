using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Scari.Web.Content;

/// <summary>
/// The quality warnings of one evaluation (content/FORMAT.md, "Advertencias de calidad"): banks that a test-taking
/// trick could pass. Warnings never refuse a course; <c>content check --strict</c> counts them as errors.
/// </summary>
internal static partial class QuizQuality
{
    /// <summary>The share of single-answer questions whose correct option may be the longest.</summary>
    public const int LongestCorrectPercent = 35;

    public static void Check(Quiz quiz, int quizLine, int drawLine, List<ContentProblem> warnings)
    {
        var path = quiz.SourcePath;
        var choice = quiz.Questions.Where(q => q.Answer is null && q.Options.Count >= 2).ToList();

        var single = choice.Where(q => q.Options.Count(o => o.Correct) == 1).ToList();
        var longest = single.Where(q =>
        {
            var right = q.Options.First(o => o.Correct).PlainText.Length;
            return q.Options.Where(o => !o.Correct).All(o => o.PlainText.Length <= right);
        }).ToList();
        if (single.Count > 0 && longest.Count * 100 > LongestCorrectPercent * single.Count)
            warnings.Add(new(path, quizLine,
                $"la opción correcta es la más larga en {longest.Count} de {single.Count} preguntas de selección única " +
                $"({longest.Count * 100 / single.Count} %; máximo {LongestCorrectPercent} %): alargue las opciones incorrectas o acorte las correctas " +
                $"(líneas {string.Join(", ", longest.Select(q => q.Line))})"));

        var multiple = choice.Where(q => q.Multiple).ToList();
        foreach (var q in multiple.Where(q => q.Options.Count(o => !o.Correct) < 2))
            warnings.Add(new(path, q.Line,
                $"la pregunta de selección múltiple «{QuizReader.Short(q.PlainPrompt)}» tiene {q.Options.Count(o => !o.Correct)} opción incorrecta: escriba al menos dos, para que descartar la más corta no baste"));
        if (multiple.Count >= 3 && multiple.Select(q => q.Options.Count(o => !o.Correct)).Distinct().Count() == 1)
            warnings.Add(new(path, multiple[0].Line,
                $"las {multiple.Count} preguntas de selección múltiple tienen todas {multiple[0].Options.Count(o => !o.Correct)} opciones incorrectas: varíe cuántas opciones son correctas"));

        foreach (var q in choice)
        {
            var normalized = q.Options.Select(o => Normalize(o.PlainText)).ToList();
            var words = normalized.Select(n => Words().Matches(n).Select(m => m.Value).ToList()).ToList();
            for (var i = 0; i < q.Options.Count; i++)
            {
                var duplicate = Enumerable.Range(0, i).FirstOrDefault(j => normalized[j] == normalized[i], -1);
                if (duplicate >= 0)
                {
                    warnings.Add(new(path, q.Options[i].Line,
                        $"la opción «{QuizReader.Short(q.Options[i].PlainText)}» es igual a la de la línea {q.Options[duplicate].Line} (sin contar mayúsculas, tildes, espacios ni puntuación): cambie una de las dos"));
                    continue;
                }
                var longWords = words[i].Where(w => w.Length >= 4).ToList();
                if (longWords.Count == 0) continue;
                var container = Enumerable.Range(0, q.Options.Count)
                    .FirstOrDefault(j => j != i && normalized[j] != normalized[i] && IsSubsequence(longWords, words[j]), -1);
                if (container >= 0)
                    warnings.Add(new(path, q.Options[i].Line,
                        $"las palabras de la opción «{QuizReader.Short(q.Options[i].PlainText)}» aparecen, en el mismo orden, dentro de la opción de la línea {q.Options[container].Line}: reescriba una de las dos para que no se delaten"));
            }
        }

        foreach (var q in quiz.Questions.Where(q => string.IsNullOrWhiteSpace(q.FeedbackHtml)))
            warnings.Add(new(path, q.Line, $"la pregunta «{QuizReader.Short(q.PlainPrompt)}» no tiene retroalimentación: agregue una cita (> …) después de la respuesta"));

        if (quiz.DrawByGroup is null && quiz.Draw is { } draw && draw > quiz.Questions.Count)
            warnings.Add(new(path, drawLine, $"draw pide {draw} preguntas pero la evaluación tiene {quiz.Questions.Count}: cada intento hará las {quiz.Questions.Count}; agregue preguntas o baje draw"));
        if (quiz.DrawByGroup is { } groups)
            foreach (var (group, count) in groups)
            {
                var size = quiz.Questions.Count(q => q.Group == group);
                if (count > size)
                    warnings.Add(new(path, drawLine, $"draw pide {count} preguntas del grupo «{group}», que tiene {size}: agregue preguntas al grupo o baje el número"));
            }
    }

    private static bool IsSubsequence(List<string> needle, List<string> haystack)
    {
        var at = 0;
        foreach (var word in haystack)
            if (at < needle.Count && word == needle[at]) at++;
        return at == needle.Count;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();

    /// <summary>Lower case, no accents, punctuation removed, whitespace collapsed.</summary>
    internal static string Normalize(string text)
    {
        var folded = LearnerInput.FoldText(text);
        var sb = new StringBuilder(folded.Length);
        foreach (var ch in folded)
            sb.Append(char.IsPunctuation(ch) || char.IsSymbol(ch) ? ' ' : ch);
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}

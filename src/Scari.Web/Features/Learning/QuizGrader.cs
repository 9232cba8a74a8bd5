using Scari.Web.Content;

namespace Scari.Web.Features.Learning;

/// <summary>What the learner answered to one question: option indexes (as in the file) or the text typed.</summary>
public sealed record QuestionAnswer(IReadOnlyList<int> Chosen, string? Typed = null)
{
    public static readonly QuestionAnswer None = new([]);
    public bool IsEmpty => Chosen.Count == 0 && string.IsNullOrWhiteSpace(Typed);
}

public sealed record QuestionGrade(int Index, bool Correct, IReadOnlyList<int> Chosen, string? Typed = null);

public sealed record QuizGrade(int Score, bool Passed, IReadOnlyList<QuestionGrade> Questions)
{
    public int RightCount => Questions.Count(q => q.Correct);
}

/// <summary>
/// Grades a quiz on the server. A choice question is right when the chosen options are exactly its correct ones
/// (for multiple choice, all of them and nothing else); a typed one when <see cref="TypedAnswer.Check"/> says so.
/// The score is the percent of the asked questions right, rounded down.
/// </summary>
public static class QuizGrader
{
    public static QuizGrade Grade(Quiz quiz, IReadOnlyDictionary<int, IReadOnlyCollection<int>> answers) =>
        Grade(quiz, quiz.Questions.Select(q => q.Index).ToList(),
            answers.ToDictionary(a => a.Key, a => new QuestionAnswer(a.Value.ToList())));

    /// <param name="asked">The indexes of the questions this attempt asked (all of them unless the quiz draws from a pool).</param>
    public static QuizGrade Grade(Quiz quiz, IReadOnlyList<int> asked, IReadOnlyDictionary<int, QuestionAnswer> answers)
    {
        var grades = asked.Select(index =>
        {
            var q = quiz.Questions[index];
            var answer = answers.GetValueOrDefault(index) ?? QuestionAnswer.None;
            if (q.Answer is { } typed)
                return new QuestionGrade(index, typed.Check(answer.Typed) == TypedVerdict.Right, [], answer.Typed?.Trim());
            var chosen = answer.Chosen.Distinct().Order().ToList();
            var correct = q.Options.Where(o => o.Correct).Select(o => o.Index).Order().ToList();
            return new QuestionGrade(index, chosen.SequenceEqual(correct), chosen);
        }).ToList();
        var score = grades.Count == 0 ? 0 : grades.Count(g => g.Correct) * 100 / grades.Count;
        return new QuizGrade(score, score >= quiz.PassScore, grades);
    }

    /// <summary>The first typed answer that cannot be read (a number or date written in a way FORMAT.md does not accept), as a message; null when all can.</summary>
    public static string? UnreadableAnswer(Quiz quiz, IReadOnlyList<int> asked, IReadOnlyDictionary<int, QuestionAnswer> answers)
    {
        for (var position = 0; position < asked.Count; position++)
        {
            var q = quiz.Questions[asked[position]];
            if (q.Answer is { } typed && answers.GetValueOrDefault(q.Index)?.Typed is { } text && typed.Check(text) == TypedVerdict.Unreadable)
                return $"Pregunta {position + 1}: {typed.UnreadableMessage(text)}";
        }
        return null;
    }
}

using Scari.Web.Content;

namespace Scari.Web.Features.Learning;

public sealed record QuestionGrade(int Index, bool Correct, IReadOnlyList<int> Chosen);

public sealed record QuizGrade(int Score, bool Passed, IReadOnlyList<QuestionGrade> Questions)
{
    public int RightCount => Questions.Count(q => q.Correct);
}

/// <summary>
/// Grades a quiz on the server. A question is right when the chosen options are exactly its correct ones
/// (for multiple choice, all of them and nothing else). The score is the percent of questions right, rounded down.
/// </summary>
public static class QuizGrader
{
    public static QuizGrade Grade(Quiz quiz, IReadOnlyDictionary<int, IReadOnlyCollection<int>> answers)
    {
        var grades = quiz.Questions.Select(q =>
        {
            var chosen = answers.TryGetValue(q.Index, out var c) ? c.Distinct().Order().ToList() : [];
            var correct = q.Options.Where(o => o.Correct).Select(o => o.Index).Order().ToList();
            return new QuestionGrade(q.Index, chosen.SequenceEqual(correct), chosen);
        }).ToList();
        var score = grades.Count == 0 ? 0 : grades.Count(g => g.Correct) * 100 / grades.Count;
        return new QuizGrade(score, score >= quiz.PassScore, grades);
    }
}

using Scari.Web.Content;
using Scari.Web.Features.Learning;

namespace Scari.Tests.Learning;

public sealed class QuizGraderTests
{
    private static Question Q(int index, params bool[] correct) => new()
    {
        Index = index,
        PromptHtml = $"Pregunta {index + 1}",
        Options = correct.Select((c, i) => new Option { Index = i, Html = $"Opción {i}", Correct = c }).ToList(),
    };

    private static Quiz QuizOf(int pass, params Question[] questions) => new()
    {
        Id = "m1-evaluacion", Title = "Evaluación", SourcePath = "x.md", PassScore = pass,
        Module = new Module { Id = "m1", Title = "Módulo" }, Questions = questions,
    };

    private static Dictionary<int, IReadOnlyCollection<int>> Answers(params int[][] chosen) =>
        chosen.Select((c, i) => (i, c)).ToDictionary(x => x.i, x => (IReadOnlyCollection<int>)x.c);

    [Fact]
    public void A_single_choice_question_is_right_only_with_its_correct_option()
    {
        var quiz = QuizOf(50, Q(0, false, true, false));
        Assert.True(QuizGrader.Grade(quiz, Answers([1])).Questions[0].Correct);
        Assert.False(QuizGrader.Grade(quiz, Answers([0])).Questions[0].Correct);
        Assert.False(QuizGrader.Grade(quiz, Answers([0, 1])).Questions[0].Correct); // a forged second radio value
    }

    [Fact]
    public void A_multiple_choice_question_needs_exactly_the_set_of_correct_options()
    {
        var quiz = QuizOf(100, Q(0, true, false, true));
        Assert.True(QuizGrader.Grade(quiz, Answers([2, 0])).Passed);
        Assert.False(QuizGrader.Grade(quiz, Answers([0])).Questions[0].Correct);       // partial
        Assert.False(QuizGrader.Grade(quiz, Answers([0, 1, 2])).Questions[0].Correct); // superset
        Assert.Equal(0, QuizGrader.Grade(quiz, Answers([0, 1, 2])).Score);
    }

    [Fact]
    public void The_score_is_the_percent_of_questions_right_rounded_down_and_passes_at_the_pass_score()
    {
        var quiz = QuizOf(66, Q(0, true, false), Q(1, true, false), Q(2, true, false));
        var twoOfThree = QuizGrader.Grade(quiz, Answers([0], [0], [1]));
        Assert.Equal(66, twoOfThree.Score);
        Assert.Equal(2, twoOfThree.RightCount);
        Assert.True(twoOfThree.Passed);
        Assert.False(QuizGrader.Grade(QuizOf(67, quiz.Questions.ToArray()), Answers([0], [0], [1])).Passed);
    }

    [Fact]
    public void Unanswered_questions_count_as_wrong()
    {
        var quiz = QuizOf(70, Q(0, true, false), Q(1, false, true));
        var grade = QuizGrader.Grade(quiz, new Dictionary<int, IReadOnlyCollection<int>> { [0] = [0] });
        Assert.Equal(50, grade.Score);
        Assert.False(grade.Passed);
        Assert.Empty(grade.Questions[1].Chosen);
    }

    [Fact]
    public void The_outline_of_a_stored_course_version_lists_lessons_and_quizzes_in_order()
    {
        var outline = CourseOutline.Parse("""
            {"modules":[{"id":"a","title":"Uno","items":[{"id":"l1","title":"Lección","type":"lesson"},{"id":"a-evaluacion","title":"Evaluación","type":"quiz"}]},
                        {"id":"b","title":"Dos","items":[{"id":"l2","title":"Otra","type":"lesson"}]}]}
            """);
        Assert.Equal(["l1", "a-evaluacion", "l2"], outline.Items.Select(i => i.Id));
        Assert.Equal(["a-evaluacion"], outline.Quizzes.Select(q => q.Id));
        Assert.Equal("Dos", outline.Find("l2")!.ModuleTitle);
    }
}

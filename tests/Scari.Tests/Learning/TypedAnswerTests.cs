using Scari.Web.Content;
using Scari.Web.Features.Learning;

namespace Scari.Tests.Learning;

/// <summary>What a learner may type for a number or a date: exactly the forms content/FORMAT.md lists.</summary>
public sealed class TypedAnswerTests
{
    [Theory]
    [InlineData("62", "62")]
    [InlineData(" 62 ", "62")]
    [InlineData("-3", "-3")]
    [InlineData("2,9", "2.9")]
    [InlineData("2.9", "2.9")]
    [InlineData("3.14", "3.14")]
    [InlineData("1.00", "1")]
    [InlineData("0,5", "0.5")]
    [InlineData("0.0625", "0.0625")]
    [InlineData("1.000", "1000")]
    [InlineData("1000", "1000")]
    [InlineData("1.000,5", "1000.5")]
    [InlineData("1000,5", "1000.5")]
    [InlineData("1.234.567", "1234567")]
    [InlineData("1.234.567,25", "1234567.25")]
    [InlineData("3.141", "3141")] // a dot followed by exactly three digits groups thousands
    public void A_number_is_read_with_a_decimal_comma_and_a_thousands_dot(string typed, string expected)
    {
        Assert.True(LearnerInput.TryParseNumber(typed, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dos")]
    [InlineData("1,000.5")]   // a dot after the decimal comma
    [InlineData("2,9,1")]
    [InlineData("0.500")]     // three digits after the dot group thousands, and 0.500 is no number written that way
    [InlineData("12345.678")] // a thousands group needs 1 to 3 digits before it
    [InlineData("1.0000,5")]
    [InlineData("1 000")]
    [InlineData(",5")]
    [InlineData("5,")]
    [InlineData("1e3")]
    public void Other_number_forms_are_not_read(string typed)
    {
        Assert.False(LearnerInput.TryParseNumber(typed, out _));
    }

    [Theory]
    [InlineData("17/03/2026")]
    [InlineData("17/3/2026")]
    [InlineData("2026-03-17")]
    [InlineData(" 17/03/2026 ")]
    public void A_date_is_read_as_day_month_year_or_iso(string typed)
    {
        Assert.True(LearnerInput.TryParseDate(typed, out var date));
        Assert.Equal(new DateOnly(2026, 3, 17), date);
    }

    [Theory]
    [InlineData("03/17/2026")] // month 17
    [InlineData("31/02/2026")]
    [InlineData("17-03-2026")]
    [InlineData("2026/03/17")]
    [InlineData("17/03/26")]
    [InlineData("17 de marzo")]
    public void Other_date_forms_are_not_read(string typed) => Assert.False(LearnerInput.TryParseDate(typed, out _));

    [Fact]
    public void A_number_is_right_within_its_tolerance_or_range_and_unreadable_input_is_told_apart_from_a_wrong_one()
    {
        var tolerance = new NumberAnswer(2.9m, 3.1m);
        Assert.Equal(TypedVerdict.Right, tolerance.Check("2,9"));
        Assert.Equal(TypedVerdict.Right, tolerance.Check("3.1"));
        Assert.Equal(TypedVerdict.Right, tolerance.Check("3"));
        Assert.Equal(TypedVerdict.Wrong, tolerance.Check("3,11"));
        Assert.Equal(TypedVerdict.Wrong, tolerance.Check("2,89"));
        Assert.Equal(TypedVerdict.Unreadable, tolerance.Check("tres"));
        Assert.Equal(TypedVerdict.Empty, tolerance.Check("  "));

        var exact = new NumberAnswer(1000m, 1000m);
        Assert.Equal(TypedVerdict.Right, exact.Check("1.000"));
        Assert.Equal(TypedVerdict.Right, exact.Check("1000,0"));
        Assert.Equal(TypedVerdict.Wrong, exact.Check("1.001"));
        Assert.Contains("coma para los decimales", exact.UnreadableMessage("1,000.5"));
    }

    [Fact]
    public void A_short_text_ignores_case_accents_and_extra_spaces_but_not_other_words()
    {
        var answer = new TextAnswer(["Subred", "sub red"]);
        Assert.Equal(TypedVerdict.Right, answer.Check("  SUBRED "));
        Assert.Equal(TypedVerdict.Right, answer.Check("sub   red"));
        Assert.Equal(TypedVerdict.Right, new TextAnswer(["Política de seguridad"]).Check("politica DE  seguridad"));
        Assert.Equal(TypedVerdict.Right, new TextAnswer(["año"]).Check("ano"));
        Assert.Equal(TypedVerdict.Wrong, answer.Check("subredes"));
        Assert.Equal(TypedVerdict.Wrong, answer.Check("red"));
    }

    [Fact]
    public void A_date_is_right_only_on_its_day()
    {
        var answer = new DateAnswer(new DateOnly(2026, 3, 17));
        Assert.Equal(TypedVerdict.Right, answer.Check("17/03/2026"));
        Assert.Equal(TypedVerdict.Wrong, answer.Check("18/03/2026"));
        Assert.Equal(TypedVerdict.Unreadable, answer.Check("31/02/2026"));
    }

    [Fact]
    public void The_grader_scores_typed_questions_with_choice_ones_and_names_the_first_unreadable_answer()
    {
        var quiz = new Quiz
        {
            Id = "m-evaluacion", Title = "E", SourcePath = "e.md", PassScore = 50, Module = new Module { Id = "m", Title = "M" },
            Questions =
            [
                new Question { Index = 0, PromptHtml = "a", Options = [], Answer = new NumberAnswer(2.5m, 2.5m) },
                new Question { Index = 1, PromptHtml = "b", Options = [new Option { Index = 0, Html = "x", Correct = true }, new Option { Index = 1, Html = "y" }] },
                new Question { Index = 2, PromptHtml = "c", Options = [], Answer = new DateAnswer(new DateOnly(2026, 3, 17)) },
            ],
        };
        var answers = new Dictionary<int, QuestionAnswer>
        {
            [0] = new([], "2,5"), [1] = new([1]), [2] = new([], "17/03/2026"),
        };

        var grade = QuizGrader.Grade(quiz, [0, 1, 2], answers);
        Assert.Equal([true, false, true], grade.Questions.Select(q => q.Correct));
        Assert.Equal(66, grade.Score);
        Assert.Null(QuizGrader.UnreadableAnswer(quiz, [0, 1, 2], answers));

        answers[2] = new([], "marzo");
        Assert.StartsWith("Pregunta 3: «marzo» no es una fecha válida", QuizGrader.UnreadableAnswer(quiz, [0, 1, 2], answers));
        Assert.StartsWith("Pregunta 1: «marzo»", QuizGrader.UnreadableAnswer(quiz, [2, 0, 1], answers)); // numbered as asked
    }
}

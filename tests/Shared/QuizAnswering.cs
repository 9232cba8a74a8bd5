using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Scari.Web.Content;

namespace Scari.Testing;

/// <summary>
/// Takes a quiz as a learner does: «Comenzar evaluación», then the form of the open attempt, whose questions and options
/// come in the attempt's own order. Tests say what to answer in the file's terms (question index → option indexes)
/// and this finds each one on the page by its text.
/// </summary>
public static class QuizAnswering
{
    public static string StartUrl(string quizUrl) => quizUrl + "/avance?handler=Comenzar";

    /// <summary>POSTs «Comenzar evaluación» with a token read from the home page, even when the page shows no such button (another tab, a forged request).</summary>
    public static async Task<HttpResponseMessage> PressStartAsync(this HttpClient client, string quizUrl)
    {
        var token = (await client.GetDocumentAsync("/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync(StartUrl(quizUrl), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
    }

    /// <summary>The quiz page with the open attempt's form, pressing «Comenzar evaluación» first when no attempt is open.</summary>
    public static async Task<IHtmlDocument> StartQuizAsync(this HttpClient client, string quizUrl)
    {
        var page = await client.GetDocumentAsync(quizUrl);
        if (page.QuerySelector("input[name=intento]") is not null) return page;
        await client.PostFormAsync(quizUrl, [], StartUrl(quizUrl));
        return await client.GetDocumentAsync(quizUrl);
    }

    public static Quiz QuizOf(this ScariAppFactory app, string quizUrl)
    {
        var parts = quizUrl.Trim('/').Split('/');
        return (Quiz)app.Services.GetRequiredService<CourseCatalog>().FindItem(parts[1], parts[2])!;
    }

    /// <summary>Starts (or continues) an attempt and submits it with these answers; questions not named stay unanswered.</summary>
    public static async Task<HttpResponseMessage> AnswerQuizAsync(this HttpClient client, ScariAppFactory app, string quizUrl,
        Dictionary<int, int[]>? chosen = null, Dictionary<int, string>? typed = null)
    {
        var page = await client.StartQuizAsync(quizUrl);
        return await client.PostAsync(FormAction(page), new FormUrlEncodedContent(Fields(page, app.QuizOf(quizUrl), chosen, typed)));
    }

    public static string FormAction(IHtmlDocument page) =>
        page.QuerySelector("form.quiz-form")?.GetAttribute("action") ?? throw new InvalidOperationException("No hay un intento abierto en la página.");

    /// <summary>The form fields of the open attempt on <paramref name="page"/> that give these answers.</summary>
    public static List<KeyValuePair<string, string>> Fields(IHtmlDocument page, Quiz quiz,
        Dictionary<int, int[]>? chosen = null, Dictionary<int, string>? typed = null)
    {
        var form = page.QuerySelector("form.quiz-form") ?? throw new InvalidOperationException("No hay un intento abierto en la página.");
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        foreach (var fieldset in form.QuerySelectorAll("fieldset.question"))
        {
            var question = QuestionShownIn(fieldset, quiz);
            if (typed?.GetValueOrDefault(question.Index) is { } text)
                fields.Add(new(fieldset.QuerySelector("input[type=text]")!.GetAttribute("name")!, text));
            foreach (var input in fieldset.QuerySelectorAll("input[type=radio], input[type=checkbox]"))
            {
                var label = Text(fieldset.QuerySelector($"label[for='{input.Id}']")!.InnerHtml);
                var option = question.Options.Single(o => Text(o.Html) == label);
                if (chosen?.GetValueOrDefault(question.Index)?.Contains(option.Index) == true)
                    fields.Add(new(input.GetAttribute("name")!, input.GetAttribute("value")!));
            }
        }
        return fields;
    }

    /// <summary>The quiz's questions in the order the page shows them.</summary>
    public static List<Question> QuestionsShown(IHtmlDocument page, Quiz quiz) =>
        page.QuerySelectorAll("fieldset.question").Select(f => QuestionShownIn(f, quiz)).ToList();

    /// <summary>Per question shown: its options' file indexes in the order the page shows them.</summary>
    public static List<int[]> OptionOrder(IHtmlDocument page, Quiz quiz) =>
        page.QuerySelectorAll("fieldset.question").Select(f =>
        {
            var question = QuestionShownIn(f, quiz);
            return f.QuerySelectorAll("label").Where(l => l.GetAttribute("for")!.Contains("-o", StringComparison.Ordinal))
                .Select(l => question.Options.Single(o => Text(o.Html) == Text(l.InnerHtml)).Index).ToArray();
        }).ToList();

    private static Question QuestionShownIn(AngleSharp.Dom.IElement fieldset, Quiz quiz)
    {
        var legend = Text(fieldset.QuerySelector("legend")!.InnerHtml);
        return quiz.Questions.Single(q => Text(q.PromptHtml) == legend);
    }

    private static string Text(string html) => FormPosting.Parse($"<p>{html}</p>").Body!.TextContent.Trim();
}

using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Scari.Testing;

/// <summary>Posts Razor forms as a browser would: reads the page first, keeps its antiforgery token and hidden fields.</summary>
public static class FormPosting
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>GETs <paramref name="pageUrl"/>, fills the form that posts to <paramref name="formAction"/> (or the first form) and submits it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl,
        Dictionary<string, string> fields, string? formAction = null, string? submitName = null)
    {
        var document = await client.GetDocumentAsync(pageUrl);
        var forms = document.Forms.Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)).ToList();
        var form = formAction is null
            ? forms.FirstOrDefault(f => string.IsNullOrEmpty(f.GetAttribute("action"))) // the page's own form, not the layout's "Salir"
              ?? forms.FirstOrDefault(f => f.Action is "" || new Uri(f.Action, UriKind.RelativeOrAbsolute).ToString().Contains(new Uri(client.BaseAddress!, pageUrl).AbsolutePath, StringComparison.Ordinal)) ?? forms.FirstOrDefault()
            : forms.FirstOrDefault(f => f.GetAttribute("action") == formAction);
        if (form is null) throw new InvalidOperationException($"No hay un formulario POST en {pageUrl}.");

        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
            if (!fields.ContainsKey(input.Name!)) values.Add(new(input.Name!, input.Value));
        values.AddRange(fields);
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scari.Testing;

namespace Scari.IntegrationTests.Import;

/// <summary>Uploads a CSV to /admin/importar as the browser's file form would, and confirms the preview.</summary>
public static class ImportClient
{
    public static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    public static byte[] Utf8Bom(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    /// <summary>Returns the preview's URL.</summary>
    public static async Task<string> UploadAsync(this HttpClient client, byte[] content, string fileName = "personas.csv")
    {
        var page = await client.GetDocumentAsync("/admin/importar");
        var token = page.QuerySelector("form[enctype='multipart/form-data'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Archivo", fileName);
        using var response = await client.PostAsync("/admin/importar", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"La carga respondió {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    public static async Task<HttpResponseMessage> ConfirmAsync(this HttpClient client, string previewUrl) =>
        await client.PostFormAsync(previewUrl, [], formAction: previewUrl);

    /// <summary>Uploads and confirms; fails with the page's text when the file had problems.</summary>
    public static async Task ImportAsync(this HttpClient client, byte[] content)
    {
        var preview = await client.UploadAsync(content);
        var page = FormPosting.Parse(await client.GetStringAsync(preview));
        if (page.QuerySelector(".import-problems") is { } problems)
            throw new InvalidOperationException($"El archivo tiene problemas: {problems.TextContent}");
        if (page.QuerySelector(".import-missing-units") is { } missing)
            throw new InvalidOperationException($"El archivo nombra dependencias o colegios que no están en el catálogo: {missing.TextContent}");
        using var confirmed = await client.ConfirmAsync(preview);
        if (confirmed.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException(FormPosting.Parse(await confirmed.Content.ReadAsStringAsync()).QuerySelector("main")?.TextContent);
    }
}

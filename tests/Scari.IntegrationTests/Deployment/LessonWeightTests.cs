using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Content;

namespace Scari.IntegrationTests.Deployment;

/// <summary>The catalogue loaded from SCARI_LESSON_WEIGHT_CONTENT (scripts/bench/lesson-weight.sh: the shipped content/), else the test catalogue.</summary>
public sealed class LessonWeightApp() : SqliteApp(("Scari:ContentDirectory",
    Environment.GetEnvironmentVariable("SCARI_LESSON_WEIGHT_CONTENT") is { Length: > 0 } folder ? Path.GetFullPath(folder, RepoPaths.Root) : RepoPaths.Content));

/// <summary>
/// The 40 KB line of issue 19: every lesson page, with the CSS and scripts it links, stays under 40 KB as served
/// compressed (Brotli and gzip, each on its own), images and Pyodide apart.
/// </summary>
public sealed partial class LessonWeightTests(LessonWeightApp fixture) : IClassFixture<LessonWeightApp>
{
    private const int Limit = 40 * 1024;

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Every_lesson_page_with_its_css_and_scripts_stays_under_40_KB_compressed(string encoding)
    {
        var app = fixture.App;
        using var client = app.CreateBrowserLikeClient();
        var catalog = app.Services.GetRequiredService<CourseCatalog>();
        var assets = new Dictionary<string, (long Plain, long Sent)>();
        var pages = new List<(string Url, long Plain, long Sent, long Total)>();
        foreach (var course in catalog.Courses)
            foreach (var lesson in course.Lessons)
            {
                var url = $"/cursos/{course.Id}/{lesson.Id}";
                var (html, plain, sent) = await FetchAsync(client, url, encoding);
                long total = sent;
                foreach (Match link in Linked().Matches(html))
                {
                    var asset = link.Groups[1].Value;
                    if (!assets.TryGetValue(asset, out var size))
                    {
                        var (_, assetPlain, assetSent) = await FetchAsync(client, asset, encoding);
                        assets[asset] = size = (assetPlain, assetSent);
                    }
                    total += size.Sent;
                }
                pages.Add((url, plain, sent, total));
            }
        Assert.NotEmpty(pages);
        var heaviest = pages.MaxBy(p => p.Total);
        var report = $"{encoding}: {pages.Count} lecciones; la más pesada {heaviest.Url}: HTML {heaviest.Plain:N0} B, enviado {heaviest.Sent:N0} B; " +
                     string.Join("; ", assets.Select(a => $"{a.Key} {a.Value.Plain:N0} B, enviado {a.Value.Sent:N0} B")) +
                     $"; total enviado {heaviest.Total:N0} B de {Limit:N0}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        if (Environment.GetEnvironmentVariable("SCARI_LESSON_WEIGHT_REPORT") is { Length: > 0 } file) await File.AppendAllTextAsync(file, report + "\n");
        Assert.True(heaviest.Total < Limit, report);
    }

    private static async Task<(string Text, long Plain, long Sent)> FetchAsync(HttpClient client, string url, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Accept-Encoding", encoding } } };
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var sent = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        await using var decoded = encoding == "br"
            ? (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await decoded.CopyToAsync(plain);
        return (System.Text.Encoding.UTF8.GetString(plain.ToArray()), plain.Length, sent);
    }

    /// <summary>Stylesheets and scripts of the app (Pyodide's own files load only when «Ejecutar» is pressed).</summary>
    [GeneratedRegex("(?:<link rel=\"stylesheet\" href|<script src)=\"(/[^\"]+)\"")]
    private static partial Regex Linked();
}

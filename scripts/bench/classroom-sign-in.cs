// A classroom signing in from one address (issue 20, item 1): N learners post the sign-in form at the same instant from
// 127.0.0.1, and the time each waited is recorded. Run by scripts/bench/classroom-sign-in.sh, which starts the app with
// its own rate limits and makes the accounts (user names r{1048000001..N}@scari.test, password clave-larga-2026, and a
// one-time code each); standard library only.
//   dotnet run scripts/bench/classroom-sign-in.cs -- clave BASE_URL N LABEL         N learners sign in with their password
//   dotnet run scripts/bench/classroom-sign-in.cs -- codigo BASE_URL N LABEL CODE   N learners sign in with their code
//   dotnet run scripts/bench/classroom-sign-in.cs -- errores BASE_URL LABEL         20 wrong passwords for learner 1, then
//                                                   its right password, then learner 2's
// $SCARI_APP_PID: the app's process, whose CPU time is read from /proc around the timed part.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

const string Password = "clave-larga-2026";
var (mode, baseUrl) = (args[0], args[1].TrimEnd('/'));
var appPid = Environment.GetEnvironmentVariable("SCARI_APP_PID");
static string UserName(int i) => $"r{1_048_000_000L + i}@scari.test";

if (mode == "errores")
{
    var label = args[2];
    var outcomes = new List<string>();
    for (var k = 0; k < 20; k++) outcomes.Add(await PasswordSignIn(UserName(1), "clave-equivocada-" + k));
    var owner = await PasswordSignIn(UserName(1), Password);
    var other = await PasswordSignIn(UserName(2), Password);
    Console.WriteLine($"{label}: 20 contraseñas equivocadas para una cuenta desde la misma dirección: {Summary(outcomes)}");
    Console.WriteLine($"   después, la contraseña correcta de esa cuenta: {owner}; otra cuenta con su contraseña: {other}");
    var refused = outcomes.All(o => o != "ingresó");
    Console.WriteLine($"   {(refused && owner != "ingresó" && other == "ingresó" ? "cumple" : "no cumple")}: todas rechazadas, la cuenta sigue en espera y otra cuenta ingresa");
    return 0;
}

var (count, runLabel) = (int.Parse(args[2]), args[3]);
var code = mode == "codigo" ? args[4] : null;
var path = code is null ? "/cuenta/ingresar" : "/cuenta/ingresar-con-codigo";
// Not timed: each learner opens the form (its antiforgery cookie and token), as a browser does before typing.
var ready = new (HttpClient Client, Dictionary<string, string> Form)[count];
await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
{
    var client = Client();
    var token = Token(await client.GetStringAsync(path, ct));
    ready[i - 1] = (client, code is null
        ? new() { ["__RequestVerificationToken"] = token, ["Input.UserName"] = UserName(i), ["Input.Password"] = Password }
        : new() { ["__RequestVerificationToken"] = token, ["Document"] = UserName(i), ["Code"] = code });
});

var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var times = new ConcurrentBag<double>();
var results = new ConcurrentBag<string>();
var clock = Stopwatch.StartNew();
var tasks = ready.Select(async r =>
{
    await go.Task;
    var t0 = clock.Elapsed;
    results.Add(await Post(r.Client, path, r.Form));
    times.Add((clock.Elapsed - t0).TotalMilliseconds);
}).ToList();
var cpu0 = CpuMs();
var wall = Stopwatch.StartNew();
go.SetResult();
await Task.WhenAll(tasks);
var cpu1 = CpuMs();
var sorted = times.Order().ToArray();
double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
var ok = results.Count(r => r == "ingresó");
Console.WriteLine($"{runLabel}: {count} ingresos {(code is null ? "con contraseña" : "con código")} a la vez desde 127.0.0.1: {Summary(results)}; "
    + $"p50 {P(0.50):F0} ms, p99 {P(0.99):F0} ms, máximo {sorted[^1]:F0} ms, todos respondidos en {wall.Elapsed.TotalSeconds:F2} s");
if (appPid is not null)
    Console.WriteLine($"   CPU de la app: {cpu1 - cpu0:F0} ms en total, {(ok > 0 ? $"{(cpu1 - cpu0) / ok:F1} ms por ingreso logrado" : "ningún ingreso")}");
return 0;

async Task<string> PasswordSignIn(string user, string password)
{
    var client = Client();
    var token = Token(await client.GetStringAsync("/cuenta/ingresar"));
    return await Post(client, "/cuenta/ingresar",
        new() { ["__RequestVerificationToken"] = token, ["Input.UserName"] = user, ["Input.Password"] = password });
}

// "ingresó" (302 away from the sign-in pages), "429", "en espera" (the page says to try again later), "rechazada" (the
// page with another error), or the status code.
static async Task<string> Post(HttpClient client, string path, Dictionary<string, string> form)
{
    try
    {
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode switch
        {
            302 when response.Headers.Location?.OriginalString is { } l && !l.Contains("/cuenta/ingresar") => "ingresó",
            429 => "429",
            200 when body.Contains("Demasiados intentos") || body.Contains("bloquead") => "en espera",
            200 => "rechazada",
            var s => s.ToString(),
        };
    }
    catch (HttpRequestException)
    {
        return "error de red";
    }
}

static string Summary(IEnumerable<string> outcomes) =>
    string.Join(", ", outcomes.GroupBy(o => o).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));

double CpuMs()
{
    if (appPid is null) return 0;
    // /proc/PID/stat fields 14 and 15 (user and system time, in ticks of 1/100 s) after the command name.
    var stat = File.ReadAllText($"/proc/{appPid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
}

HttpClient Client()
{
    var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
    return new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
}

static string Token(string page) =>
    Regex.Match(page, """name="__RequestVerificationToken" type="hidden" value="([^"]+)""").Groups[1].Value is { Length: > 0 } t
        ? t : throw new InvalidOperationException("la página no tiene token antifalsificación");

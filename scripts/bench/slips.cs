#:project ../../src/Scari.Web/Scari.Web.csproj
// Times the sign-in slip PDF: `dotnet run scripts/bench/slips.cs` (no database needed).
using System.Diagnostics;
using Scari.Web.Features.People;
using Scari.Web.Features.Accounts;

IssuedCode Slip(int i) => new(i, $"Estudiante Núñez Ñáñez {i}", DocumentType.TI, $"1043{i:000000}",
    SignInCodes.Format(SignInCodes.NewCode()), DateTime.UtcNow.AddDays(30));

SignInSlips.Render([Slip(0)], "https://scari.example/cuenta/ingresar-con-codigo"); // warm-up: fonts, JIT
foreach (var n in new[] { 1, 40, 400 })
{
    var slips = Enumerable.Range(1, n).Select(Slip).ToList();
    const int runs = 5;
    var sw = Stopwatch.StartNew();
    var bytes = 0;
    for (var r = 0; r < runs; r++) bytes = SignInSlips.Render(slips, "https://scari.example/cuenta/ingresar-con-codigo").Length;
    Console.WriteLine($"{n,4} slips: {sw.Elapsed.TotalMilliseconds / runs,7:0.0} ms, {bytes / 1024.0,7:0.0} KB");
}

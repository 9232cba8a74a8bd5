using System.Diagnostics;
using Scari.Web.Features.Certificates;

namespace Scari.Tests.Certificates;

internal static class SampleCertificate
{
    public static Certificate Create(SigningKey? key = null)
    {
        var c = new Certificate
        {
            Code = CertificateCode.New(2026),
            CompletionId = 7,
            PersonId = 3,
            HolderName = "José Pérez Núñez",
            DocumentType = "CC",
            DocumentNumber = "1047394521",
            CourseId = "seguridad-digital",
            CourseTitle = "Seguridad digital para servidores públicos",
            CourseVersion = "2026.1",
            Hours = 40,
            CompletedOn = new DateOnly(2026, 3, 14),
            SignatoryTitle = "Jefe de la Oficina Asesora de Informática",
            EntityName = "Alcaldía Mayor de Cartagena de Indias",
            IssuedUtc = new DateTime(2026, 3, 15, 14, 30, 5, DateTimeKind.Utc),
        };
        if (key is not null) c.Signature = key.Sign(SignedFields.Of(c));
        return c;
    }

    public static SigningKey NewKey() => new(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256));

    /// <summary>Runs a command-line program and returns its exit code and output.</summary>
    public static (int ExitCode, string Output, string Error) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

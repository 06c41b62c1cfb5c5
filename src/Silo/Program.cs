// Placeholder until the cluster issue: a silo host.
Console.WriteLine("GitIntegration silo: not implemented yet.");
return 1;

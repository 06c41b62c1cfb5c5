namespace GitIntegration.Grains.Interfaces;

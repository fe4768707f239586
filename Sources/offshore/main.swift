import OffshoreCLI

OffshoreCLI.run()

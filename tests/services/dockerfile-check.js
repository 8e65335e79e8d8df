// Parses a Dockerfile with dockerfile-ast (a parser nobody here wrote) and prints what it found as one JSON line:
// node dockerfile-check.js PATH  ->  RESULT {"froms":[{"image","name","tag"}],"instructions":[{"keyword","arguments"}],"env":{...},"comments":[...]}
const fs = require("fs");
const { DockerfileParser } = require("dockerfile-ast");

const text = fs.readFileSync(process.argv[2], "utf8");
const dockerfile = DockerfileParser.parse(text);
const result = {
  froms: dockerfile.getFROMs().map(f => ({ image: f.getImage(), name: f.getImageName(), tag: f.getImageTag() })),
  instructions: dockerfile.getInstructions().map(i => ({ keyword: i.getKeyword(), arguments: i.getArgumentsContent() })),
  env: {},
  comments: dockerfile.getComments().map(c => c.getContent()),
  directives: dockerfile.getDirectives().map(d => `${d.getName()}=${d.getValue()}`),
};
for (const env of dockerfile.getENVs()) {
  for (const property of env.getProperties()) {
    result.env[property.getName()] = property.getValue();
  }
}
// An instruction the parser does not know, or one with no arguments, means the recipe is malformed.
const known = new Set(["FROM", "RUN", "ENV", "LABEL", "WORKDIR", "COPY", "ARG", "CMD", "ENTRYPOINT", "USER", "EXPOSE", "VOLUME", "SHELL", "ADD", "STOPSIGNAL", "HEALTHCHECK", "ONBUILD", "MAINTAINER"]);
result.problems = result.instructions.filter(i => !known.has(i.keyword) || i.arguments === null).map(i => `${i.keyword}: ${i.arguments}`);
console.log("RESULT " + JSON.stringify(result));

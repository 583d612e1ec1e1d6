#include "check/scratch_db.hpp"

#include "migrator/errors.hpp"
#include "schema/schema_render.hpp"

namespace migrator {

Scratch::~Scratch() {
    try {
        dialect_.drop_scratch(server_, url_);
    } catch (...) {
    }
}

std::string ScratchRun::dump() {
    return render_schema(connection.inspect_schema(store.table()));
}

void ScratchRun::up_to(MigrationSet const& set, Version v) {
    UpOptions o;
    o.to = v;
    executor.up(set, o);
}

void ScratchRun::down_one(MigrationSet const& set) {
    DownOptions o;
    o.target = {DownTarget::Kind::steps, 1, {}};
    executor.down(set, o);
}

void stop_if_asked(RunControl const& control) {
    if (control.stop_requested())
        throw Interrupted("interrupted: check stopped; its scratch databases and folder are removed");
}

} // namespace migrator

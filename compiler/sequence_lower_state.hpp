// Internal: the state of one sequence lowering (lower_sequence.cpp,
// sequence_lower_finish.cpp). One visitor call per statement, in order.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/lower_sequence.hpp"

namespace dg::compiler {

class SequenceLowerer {
 public:
  explicit SequenceLowerer(grammar::Diagnostics& diags);
  ir::SequenceModel Lower(const grammar::puml::SequenceDocument& doc);

  void operator()(const grammar::puml::SeqParticipantDecl& d);
  void operator()(const grammar::puml::SeqCreate& c);
  void operator()(const grammar::puml::SeqMessage& m);
  void operator()(const grammar::puml::SeqActivation& a);
  void operator()(const grammar::puml::SeqNote& n);
  void operator()(const grammar::puml::SeqFragmentStart& f);
  void operator()(const grammar::puml::SeqFragmentElse& e);
  void operator()(const grammar::puml::SeqFragmentEnd& e);
  void operator()(const grammar::puml::SeqDivider& d);
  void operator()(const grammar::puml::SeqDelay& d);
  void operator()(const grammar::puml::SeqSpacing& s);
  void operator()(const grammar::puml::SeqNewPage& p);
  void operator()(const grammar::puml::SeqAutonumber& a);
  void operator()(const grammar::puml::SeqReturn& r);
  void operator()(const grammar::puml::SeqBoxStart& b);
  void operator()(const grammar::puml::SeqBoxEnd& b);
  void operator()(const grammar::puml::SeqAutoactivate& a);
  void operator()(const grammar::puml::SeqDuration& d);

 private:
  struct Active {
    int participant;
    int caller;  ///< who sent the message that activated it; -1 = unknown
  };
  struct LastMessage {
    int from = -1, to = -1;
    bool valid = false;
  };
  struct Autonumber {
    bool on = false;
    int value = 1;
    int step = 1;
    std::string format;
  };

  int Declare(const grammar::puml::SeqName& name, std::string_view kind, grammar::Span origin);
  void Create(int participant, grammar::Span origin);
  void EmitMessage(ir::Message m, std::string_view shortcuts, std::string_view color);
  bool IsActive(int participant) const;
  void Activate(int participant, int caller, const ir::Style& style, grammar::Span origin);
  void Deactivate(int participant, grammar::Span origin);
  bool AttachToLastMessage(ir::SeqNote& note);
  void Emit(ir::SeqEvent event);

  // sequence_lower_finish.cpp
  void LowerCommonStatements(const grammar::puml::CommonStatements& common);
  void ApplyKindStyles(const std::map<std::string, ir::Style>& kind_styles);
  void ApplyOrderAndHiding(const grammar::puml::CommonStatements& common);
  void Reindex(const std::vector<int>& new_index, size_t count);

  grammar::Diagnostics& diags_;
  ir::SequenceModel model_;
  std::unordered_map<std::string, int> index_;  ///< participant code → index
  std::vector<int> order_;                      ///< `order N` per participant (0 unset)
  std::vector<int> boxes_;                      ///< open boxes, innermost last
  ir::SpriteTable sprites_;                     ///< for `<$name>` in labels (C4's person)
  std::vector<Active> active_;                  ///< activation stack, innermost last
  LastMessage last_message_;
  Autonumber autonumber_;
  bool autoactivate_ = false;
};

}  // namespace dg::compiler
